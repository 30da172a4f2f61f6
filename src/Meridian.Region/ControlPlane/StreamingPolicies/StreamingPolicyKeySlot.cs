namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>
/// One content key a locator of the policy needs: the default key of a scheme or one of its key-to-track mappings.
/// </summary>
/// <param name="Scheme">The encrypting scheme the key belongs to.</param>
/// <param name="Label">The label locators reference; empty when the policy gives none.</param>
/// <param name="PolicyName">The content key policy the policy names for this key, if any.</param>
/// <param name="Tracks">The tracks of a key-to-track mapping; empty for a default key.</param>
public sealed record StreamingPolicyKeySlot(EncryptionScheme Scheme, string Label, string? PolicyName, IReadOnlyList<TrackSelection> Tracks);
