using Meridian.Region.ControlPlane.Assets;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingLocators;
using Meridian.Region.ControlPlane.StreamingPolicies;

namespace Meridian.Region.Streaming;

/// <summary>What a streaming request resolves to: the locator, its asset and policy, and how to deliver.</summary>
public sealed record ResolvedLocator(
    AccountScope Account,
    string LocatorName,
    StreamingLocatorProperties Locator,
    string AssetName,
    AssetProperties Asset,
    StreamingPolicyProperties Policy,
    EncryptionScheme Scheme,
    long? MaxCacheAgeSeconds)
{
    /// <summary>The track selection of the filters that apply, or null for all tracks.</summary>
    public TrackFilter? TrackFilter { get; init; }

    /// <summary>The metadata generation this was read at; anything derived from the locator, its policy or keys is valid
    /// while the generation stays the same.</summary>
    public long Generation { get; init; }

    /// <summary>The asset's blob container.</summary>
    public string Container => Asset.Container!;
}
