namespace Meridian.Region.Streaming;

/// <summary>A parsed AMS streaming URL (<c>/{locatorId}/{name}.ism/...</c> or <c>/{locatorId}/{file}</c>).</summary>
public sealed record StreamingRequest
{
    public required Guid LocatorId { get; init; }

    public required StreamingResourceKind Kind { get; init; }

    /// <summary>The server manifest's base name (without <c>.ism</c>); null for downloads.</summary>
    public string? ManifestName { get; init; }

    /// <summary>The file name of a download.</summary>
    public string? FileName { get; init; }

    public StreamingFormat Format { get; init; } = StreamingFormat.Smooth;

    /// <summary>The <c>encryption=</c> argument as given (<c>cbc</c>, <c>cenc</c>, <c>cbcs-aapl</c>, <c>cbcs</c>), or null.</summary>
    public string? Encryption { get; init; }

    /// <summary><c>audio-only=false</c> removes the HLS audio-only variant.</summary>
    public bool AudioOnly { get; init; } = true;

    /// <summary>Filter names from <c>filter=a;b</c> (at most 3).</summary>
    public IReadOnlyList<string> Filters { get; init; } = [];

    /// <summary>The bitrate in <c>QualityLevels(b)</c>.</summary>
    public long? Bitrate { get; init; }

    /// <summary>The track name in <c>Manifest(track,...)</c> or <c>Fragments(track=...)</c>.</summary>
    public string? TrackName { get; init; }

    /// <summary>The fragment start time (100-ns units); null for an init segment.</summary>
    public long? Time { get; init; }

    /// <summary>True for <c>Fragments(track=i)</c>, the init segment.</summary>
    public bool Init { get; init; }

    /// <summary><c>type=keyframes</c>: the HLS I-frame playlist.</summary>
    public bool Keyframes { get; init; }

    /// <summary>Requested segment duration override in seconds (<c>segment-duration=</c> extension), or null.</summary>
    public double? SegmentDurationSeconds { get; init; }

    /// <summary>The protocol family of the format.</summary>
    public StreamingProtocolFamily Protocol => Kind == StreamingResourceKind.Download ? StreamingProtocolFamily.Download : Format switch
    {
        StreamingFormat.HlsTs or StreamingFormat.HlsTsV3 or StreamingFormat.HlsCmaf => StreamingProtocolFamily.Hls,
        StreamingFormat.DashCsf or StreamingFormat.DashCmaf => StreamingProtocolFamily.Dash,
        _ => StreamingProtocolFamily.Smooth,
    };

    /// <summary>True for formats whose segments are CMAF (fMP4).</summary>
    public bool IsCmaf => Format is StreamingFormat.HlsCmaf or StreamingFormat.DashCmaf or StreamingFormat.DashCsf;
}
