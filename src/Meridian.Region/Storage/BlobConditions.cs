namespace Meridian.Region.Storage;

/// <summary>
/// HTTP preconditions (<c>If-Match</c>, <c>If-None-Match</c>, <c>If-Modified-Since</c>, <c>If-Unmodified-Since</c>) with
/// Azure Blob semantics. Entity tags are compared strongly; <c>*</c> means "exists".
/// </summary>
public sealed record BlobConditions
{
    public string? IfMatch { get; init; }

    public string? IfNoneMatch { get; init; }

    public DateTimeOffset? IfModifiedSince { get; init; }

    public DateTimeOffset? IfUnmodifiedSince { get; init; }

    public bool IsEmpty => IfMatch is null && IfNoneMatch is null && IfModifiedSince is null && IfUnmodifiedSince is null;

    /// <summary>
    /// Checks a write or delete against the current blob (null if there is none): 409 <c>BlobAlreadyExists</c> for
    /// <c>If-None-Match: *</c> on an existing blob, else 412 <c>ConditionNotMet</c> for any failed condition.
    /// </summary>
    public void CheckWrite(BlobInfo? current)
    {
        if (IfNoneMatch is not null && current is not null && Matches(IfNoneMatch, current.ETag))
        {
            if (IfNoneMatch.Trim() == "*")
            {
                throw new BlobStorageException(409, BlobErrorCodes.BlobAlreadyExists, "The specified blob already exists.");
            }

            throw NotMet();
        }

        if (IfMatch is not null && (current is null || !Matches(IfMatch, current.ETag)))
        {
            throw NotMet();
        }

        if (IfModifiedSince is { } since && (current is null || Seconds(current.LastModified) <= since))
        {
            throw NotMet();
        }

        if (IfUnmodifiedSince is { } unmodified && current is not null && Seconds(current.LastModified) > unmodified)
        {
            throw NotMet();
        }
    }

    /// <summary>Checks a read: 412 for a failed <c>If-Match</c>/<c>If-Unmodified-Since</c>, 304 for a matched
    /// <c>If-None-Match</c> or an unmet <c>If-Modified-Since</c>, else null.</summary>
    public int? CheckRead(BlobInfo current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (IfMatch is not null && !Matches(IfMatch, current.ETag))
        {
            return 412;
        }

        if (IfUnmodifiedSince is { } unmodified && Seconds(current.LastModified) > unmodified)
        {
            return 412;
        }

        if (IfNoneMatch is not null && Matches(IfNoneMatch, current.ETag))
        {
            return 304;
        }

        if (IfModifiedSince is { } since && Seconds(current.LastModified) <= since)
        {
            return 304;
        }

        return null;
    }

    /// <summary>True if a header list of entity tags (or <c>*</c>) names <paramref name="etag"/>.</summary>
    public static bool Matches(string header, string etag)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(etag);
        var bare = etag.Trim('"');
        foreach (var range in header.AsSpan().Split(','))
        {
            var candidate = header.AsSpan(range).Trim();
            if (candidate is "*")
            {
                return true;
            }

            if (candidate.StartsWith("W/", StringComparison.Ordinal))
            {
                candidate = candidate[2..];
            }

            if (candidate.Trim('"').SequenceEqual(bare))
            {
                return true;
            }
        }

        return false;
    }

    private static DateTimeOffset Seconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static BlobStorageException NotMet() =>
        new(412, BlobErrorCodes.ConditionNotMet, "The condition specified using HTTP conditional header(s) is not met.");
}
