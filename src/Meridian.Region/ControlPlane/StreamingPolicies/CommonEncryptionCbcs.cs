namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>Common encryption in CBC pattern mode (<c>cbcs</c>): FairPlay, and PlayReady or Widevine where they support it.</summary>
public sealed record CommonEncryptionCbcs : IEncryptedScheme
{
    public EnabledProtocols? EnabledProtocols { get; init; }

    public IReadOnlyList<TrackSelection>? ClearTracks { get; init; }

    public StreamingPolicyContentKeys? ContentKeys { get; init; }

    public CbcsDrmConfiguration? Drm { get; init; }

    public ClearKeyEncryptionConfiguration? ClearKeyEncryptionConfiguration { get; init; }
}
