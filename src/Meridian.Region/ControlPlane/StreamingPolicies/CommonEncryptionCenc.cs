namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>Common encryption in CTR mode (<c>cenc</c>): PlayReady, Widevine or ClearKey.</summary>
public sealed record CommonEncryptionCenc : IEncryptedScheme
{
    public EnabledProtocols? EnabledProtocols { get; init; }

    public IReadOnlyList<TrackSelection>? ClearTracks { get; init; }

    public StreamingPolicyContentKeys? ContentKeys { get; init; }

    public CencDrmConfiguration? Drm { get; init; }

    public ClearKeyEncryptionConfiguration? ClearKeyEncryptionConfiguration { get; init; }
}
