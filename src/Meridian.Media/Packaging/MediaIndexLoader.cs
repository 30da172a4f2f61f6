using Meridian.Media.Indexing;

namespace Meridian.Media.Packaging;

/// <summary>
/// Supplies the index of one file of the asset, normally from <see cref="MediaIndexCache"/> over a blob read. Throw
/// <see cref="FileNotFoundException"/> for a missing file and <see cref="MediaFormatException"/> for a bad one.
/// </summary>
public delegate ValueTask<MediaIndex> MediaIndexLoader(string fileName, CancellationToken cancellationToken);
