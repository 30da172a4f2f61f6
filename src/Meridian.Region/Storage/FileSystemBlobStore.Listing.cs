namespace Meridian.Region.Storage;

public sealed partial class FileSystemBlobStore
{
    private static readonly EnumerationOptions WalkOptions = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        ReturnSpecialDirectories = false,

        // Names starting with '.' are ordinary blobs; links are never followed out of the container.
        AttributesToSkip = FileAttributes.ReparsePoint,
    };

    public BlobListPage List(string container, BlobListOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dir = ExistingContainer(container);
        var prefix = options.Prefix ?? "";
        var delimiter = string.IsNullOrEmpty(options.Delimiter) ? null : options.Delimiter;
        var marker = string.IsNullOrEmpty(options.Marker) ? null : options.Marker;
        var max = Math.Clamp(options.MaxResults, 1, BlobListOptions.Limit);

        // Walk only the directory the prefix names, if its directory part is a valid path.
        var start = dir;
        var slash = prefix.LastIndexOf('/');
        if (slash > 0)
        {
            var directoryPart = prefix[..slash];
            if (!BlobNames.IsValidBlobName(directoryPart))
            {
                return new BlobListPage([], null);
            }

            start = Path.Combine(dir, directoryPart.Replace('/', Path.DirectorySeparatorChar));
            if (!Directory.Exists(start))
            {
                return new BlobListPage([], null);
            }
        }

        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(start, "*", WalkOptions))
        {
            var name = Path.GetRelativePath(dir, file).Replace(Path.DirectorySeparatorChar, '/');
            if (name.StartsWith(prefix, StringComparison.Ordinal) && After(name, marker, delimiter) && BlobNames.IsValidBlobName(name))
            {
                names.Add(name);
            }
        }

        names.Sort(StringComparer.Ordinal);
        var entries = new List<BlobListEntry>();
        string? lastPrefix = null;
        string? last = null;
        foreach (var name in names)
        {
            var cut = delimiter is null ? -1 : name.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            if (cut >= 0)
            {
                var group = name[..(cut + delimiter!.Length)];
                if (group == lastPrefix)
                {
                    continue;
                }

                if (entries.Count == max)
                {
                    return new BlobListPage(entries, last);
                }

                entries.Add(new BlobListEntry(group, null));
                lastPrefix = last = group;
                continue;
            }

            if (entries.Count == max)
            {
                return new BlobListPage(entries, last);
            }

            var info = GetInfoOrNull(container, dir, name);
            if (info is not null)
            {
                entries.Add(new BlobListEntry(name, info));
                last = name;
            }
        }

        return new BlobListPage(entries, null);
    }

    /// <summary>True if <paramref name="name"/> comes after the marker (and, for a prefix marker, outside that prefix).</summary>
    private static bool After(string name, string? marker, string? delimiter)
    {
        if (marker is null)
        {
            return true;
        }

        if (string.CompareOrdinal(name, marker) <= 0)
        {
            return false;
        }

        return delimiter is null || !marker.EndsWith(delimiter, StringComparison.Ordinal) || !name.StartsWith(marker, StringComparison.Ordinal);
    }

    private BlobInfo? GetInfoOrNull(string container, string dir, string name)
    {
        var path = BlobPath(dir, name);
        lock (Stripe(container, name))
        {
            return ReadInfo(name, path, MetaPath(container, name));
        }
    }
}
