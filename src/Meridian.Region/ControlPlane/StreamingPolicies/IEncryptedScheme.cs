namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>What the three encrypting sections of a streaming policy have in common.</summary>
public interface IEncryptedScheme
{
    EnabledProtocols? EnabledProtocols { get; }

    /// <summary>Tracks left in the clear.</summary>
    IReadOnlyList<TrackSelection>? ClearTracks { get; }

    StreamingPolicyContentKeys? ContentKeys { get; }
}
