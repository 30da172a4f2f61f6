using Meridian.Region.ControlPlane.StreamingPolicies;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>
/// Builds <c>listPaths</c> in the AMS URL forms: one path per <c>.ism</c> in the asset, per enabled protocol of each
/// scheme of the policy, and a download path per media file when the policy allows download.
/// </summary>
public static class StreamingPaths
{
    private static readonly StreamingProtocol[] StreamingProtocols = [StreamingProtocol.Hls, StreamingProtocol.Dash, StreamingProtocol.SmoothStreaming];

    /// <summary>
    /// The manifests to offer: every <c>.ism</c>, or, for an asset of plain MP4 files, one named after the first MP4
    /// (the origin packages such assets from the tracks it discovers).
    /// </summary>
    public static IReadOnlyList<string> ManifestNames(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var manifests = files.Where(f => HasExtension(f, ".ism")).Select(f => f[..^4]).ToList();
        if (manifests.Count == 0 && files.FirstOrDefault(f => HasExtension(f, ".mp4")) is { } mp4)
        {
            manifests.Add(mp4[..^4]);
        }

        return manifests;
    }

    public static StreamingPathsResponse Build(Guid locatorId, StreamingPolicyProperties policy, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(files);
        var id = locatorId.ToString("D");
        var manifests = ManifestNames(files);
        var schemes = policy.Schemes().ToList();
        var streaming = new List<StreamingPath>();
        foreach (var protocol in StreamingProtocols)
        {
            foreach (var (scheme, protocols) in schemes)
            {
                if (protocols.Has(protocol))
                {
                    var manifest = ManifestSuffix(protocol, scheme);
                    streaming.Add(new StreamingPath(protocol, scheme,
                        [.. manifests.Select(m => $"/{id}/{Uri.EscapeDataString(m)}.ism/{manifest}")]));
                }
            }
        }

        var download = policy.NoEncryption?.EnabledProtocols?.Download == true
            ? files.Where(f => !HasExtension(f, ".ism") && !HasExtension(f, ".ismc") && !HasExtension(f, ".mpi"))
                .Select(f => $"/{id}/{Uri.EscapeDataString(f)}").ToList()
            : [];
        return new StreamingPathsResponse(streaming, download);
    }

    /// <summary>The manifest segment of a path, e.g. <c>manifest(format=mpd-time-csf,encryption=cenc)</c>.</summary>
    public static string ManifestSuffix(StreamingProtocol protocol, EncryptionScheme scheme)
    {
        var arguments = (protocol, scheme) switch
        {
            (StreamingProtocol.Hls, EncryptionScheme.NoEncryption) => "format=m3u8-aapl",
            (StreamingProtocol.Hls, EncryptionScheme.EnvelopeEncryption) => "format=m3u8-aapl,encryption=cbc",
            (StreamingProtocol.Hls, EncryptionScheme.CommonEncryptionCenc) => "format=m3u8-cmaf,encryption=cenc",
            (StreamingProtocol.Hls, EncryptionScheme.CommonEncryptionCbcs) => "format=m3u8-aapl,encryption=cbcs-aapl",
            (StreamingProtocol.Dash, EncryptionScheme.NoEncryption) => "format=mpd-time-csf",
            (StreamingProtocol.Dash, EncryptionScheme.EnvelopeEncryption) => "format=mpd-time-csf,encryption=cbc",
            (StreamingProtocol.Dash, EncryptionScheme.CommonEncryptionCenc) => "format=mpd-time-csf,encryption=cenc",
            (StreamingProtocol.Dash, EncryptionScheme.CommonEncryptionCbcs) => "format=mpd-time-cmaf,encryption=cbcs-aapl",
            (StreamingProtocol.SmoothStreaming, EncryptionScheme.NoEncryption) => "",
            (StreamingProtocol.SmoothStreaming, EncryptionScheme.EnvelopeEncryption) => "encryption=cbc",
            (StreamingProtocol.SmoothStreaming, EncryptionScheme.CommonEncryptionCenc) => "encryption=cenc",
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), $"{protocol} has no manifest form for {scheme}."),
        };
        return arguments.Length == 0 ? "manifest" : $"manifest({arguments})";
    }

    private static bool HasExtension(string file, string extension) =>
        file.Length > extension.Length && file.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
