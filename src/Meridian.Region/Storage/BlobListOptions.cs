namespace Meridian.Region.Storage;

/// <summary>What to list: names starting with <see cref="Prefix"/>, after <see cref="Marker"/>, at most <see cref="MaxResults"/>.</summary>
public sealed record BlobListOptions
{
    /// <summary>Most entries per page, as Azure.</summary>
    public const int Limit = 5000;

    public string? Prefix { get; init; }

    /// <summary>Groups names by the part up to the next delimiter after the prefix (virtual directories).</summary>
    public string? Delimiter { get; init; }

    /// <summary>The <see cref="BlobListPage.NextMarker"/> of the previous page.</summary>
    public string? Marker { get; init; }

    /// <summary>Entries per page, 1 to 5000. The default is 5000.</summary>
    public int MaxResults { get; init; } = Limit;
}
