namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>AES-128 envelope (CBC) encryption, for HLS, DASH and Smooth.</summary>
public sealed record EnvelopeEncryption : IEncryptedScheme
{
    public EnabledProtocols? EnabledProtocols { get; init; }

    public IReadOnlyList<TrackSelection>? ClearTracks { get; init; }

    public StreamingPolicyContentKeys? ContentKeys { get; init; }

    /// <summary>A key server URL for manifests; may use <c>{ContentKeyId}</c> and <c>{AlternativeMediaId}</c>.</summary>
    public string? CustomKeyAcquisitionUrlTemplate { get; init; }
}
