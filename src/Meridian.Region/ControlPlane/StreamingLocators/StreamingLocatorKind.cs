using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Assets;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingPolicies;
using Meridian.Region.Metadata;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>
/// Streaming locators: publish an asset under a region-unique <c>streamingLocatorId</c> with a streaming policy and its
/// content keys. Locators are immutable; GET never shows key values (only <c>listContentKeys</c> does).
/// </summary>
public sealed class StreamingLocatorKind(AssetKind assets, StreamingPolicyKind policies) : ResourceKind<StreamingLocatorProperties>
{
    public const string CollectionName = "streamingLocators";

    /// <summary>The store kind (the lower-cased collection); the alternate key is the <c>streamingLocatorId</c>.</summary>
    public const string StoreKind = "streaminglocators";

    /// <summary>AMS limit: locators per asset at one time (fixed).</summary>
    public const int MaxPerAsset = 100;

    /// <summary>The store kinds filters live in (built by the filter kinds; read here by raw store access).</summary>
    public const string AccountFilterStoreKind = "accountfilters";

    public const string AssetFilterStoreKind = "assetfilters";

    private const int MaxTextLength = 4096;

    public override string Collection => CollectionName;

    public override string DisplayName => "streaming locator";

    public override IReadOnlySet<string> Filterable { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "properties/created", "properties/endTime",
    };

    protected override bool Immutable => true;

    public override string? AlternateKey(ResourceDocument document) =>
        document?.Get<StreamingLocatorProperties>().StreamingLocatorId?.ToString("D");

    protected override StreamingLocatorProperties Create(ResourceRequest request, ResourceDocument document, StreamingLocatorProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(incoming);
        if (string.IsNullOrWhiteSpace(incoming.AssetName))
        {
            throw ArmException.BadRequest("'properties.assetName' is required.", "properties.assetName");
        }

        if (string.IsNullOrWhiteSpace(incoming.StreamingPolicyName))
        {
            throw ArmException.BadRequest(
                "'properties.streamingPolicyName' is required: name a streaming policy of the account or a predefined one such as " +
                $"'{PredefinedStreamingPolicies.ClearStreamingOnly}'.", "properties.streamingPolicyName");
        }

        var asset = request.Find(assets, incoming.AssetName) ?? throw ArmException.BadRequest(
            $"The asset '{incoming.AssetName}' was not found in account '{request.Account.Account}'.", "properties.assetName");
        var policyDocument = request.Find(policies, incoming.StreamingPolicyName) ?? throw ArmException.BadRequest(
            $"The streaming policy '{incoming.StreamingPolicyName}' was not found in account '{request.Account.Account}'.",
            "properties.streamingPolicyName");
        var policy = policyDocument.Get<StreamingPolicyProperties>();
        var defaultKeyPolicy = incoming.DefaultContentKeyPolicyName is null
            ? null
            : ContentKeyPolicyReferences.Require(request, incoming.DefaultContentKeyPolicyName, "properties.defaultContentKeyPolicyName");

        var endTime = incoming.EndTime ?? DateTimeOffset.MaxValue;
        if (incoming.StartTime is { } start && endTime <= start)
        {
            throw ArmException.BadRequest("'properties.endTime' must be after 'properties.startTime'.", "properties.endTime");
        }

        var locatorId = incoming.StreamingLocatorId ?? Guid.NewGuid();
        if (locatorId == Guid.Empty)
        {
            throw ArmException.BadRequest("'properties.streamingLocatorId' cannot be the all-zero uuid.", "properties.streamingLocatorId");
        }

        if (request.Session.FindByAlternateKey(StoreKind, locatorId.ToString("D")) is not null)
        {
            throw ArmException.Conflict(
                $"The streamingLocatorId '{locatorId:D}' is already used by another streaming locator in this region. " +
                "Leave it out to have one generated, or delete the other locator first.", "properties.streamingLocatorId");
        }

        if (incoming.AlternativeMediaId is { Length: > MaxTextLength })
        {
            throw ArmException.BadRequest($"'properties.alternativeMediaId' is longer than {MaxTextLength} characters.", "properties.alternativeMediaId");
        }

        if (incoming.AlternativeMediaId is { } alternative && alternative.Any(char.IsControl))
        {
            // It goes into key and license URLs (percent-encoded, but a CR/LF there is never what was meant).
            throw ArmException.BadRequest("'properties.alternativeMediaId' cannot contain control characters.", "properties.alternativeMediaId");
        }

        var filters = ResolveFilters(request, asset.Name, incoming.Filters);
        var onAsset = request.Session.List(request.Account.Scope, StoreKind)
            .Count(s => string.Equals(ResourceDocument.Deserialize(s.Body).Properties["assetName"]?.GetValue<string>(), asset.Name,
                StringComparison.OrdinalIgnoreCase));
        if (onAsset >= MaxPerAsset)
        {
            throw new ArmException(400, "QuotaExceeded",
                $"The asset '{asset.Name}' already has {MaxPerAsset} streaming locators, the most an asset can have. Delete one first.",
                "properties.assetName");
        }

        var keys = StreamingLocatorKeys.Assign(request, policyDocument.Name, policy, defaultKeyPolicy, incoming.ContentKeys);
        ContentKeyIdOwnership.Require(request, keys, [.. (incoming.ContentKeys ?? []).Select(k => k?.Id).OfType<Guid>()]);
        return new StreamingLocatorProperties
        {
            AssetName = asset.Name,
            Created = request.Now,
            StartTime = incoming.StartTime,
            EndTime = endTime,
            StreamingLocatorId = locatorId,
            StreamingPolicyName = policyDocument.Name,
            DefaultContentKeyPolicyName = defaultKeyPolicy,
            ContentKeys = keys,
            AlternativeMediaId = incoming.AlternativeMediaId,
            Filters = filters,
        };
    }

    /// <summary>Key values are secret: only <c>listContentKeys</c> returns them.</summary>
    protected override StreamingLocatorProperties Present(ResourceRequest request, StreamingLocatorProperties stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored with { ContentKeys = stored.ContentKeys?.Select(k => k with { Value = null }).ToList() };
    }

    /// <summary>Each filter must exist as a filter of the asset or of the account; the asset's wins, as on the origin.</summary>
    private static List<string> ResolveFilters(ResourceRequest request, string assetName, IReadOnlyList<string>? filters)
    {
        var resolved = new List<string>();
        var assetScope = $"{request.Account.Scope}/{AssetKind.CollectionName}/{assetName.ToLowerInvariant()}";
        for (var i = 0; i < (filters?.Count ?? 0); i++)
        {
            var name = filters![i];
            var target = $"properties.filters[{i}]";
            if (string.IsNullOrWhiteSpace(name))
            {
                throw ArmException.BadRequest($"'{target}' cannot be empty.", target);
            }

            var stored = request.Session.Get(new ResourceKey(assetScope, AssetFilterStoreKind, name)) ??
                request.Session.Get(new ResourceKey(request.Account.Scope, AccountFilterStoreKind, name)) ??
                throw ArmException.BadRequest(
                    $"The filter '{name}' is neither a filter of asset '{assetName}' nor an account filter of '{request.Account.Account}'.", target);
            if (resolved.Contains(stored.Key.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw ArmException.BadRequest($"The filter '{name}' is listed twice.", target);
            }

            resolved.Add(stored.Key.Name);
        }

        return resolved;
    }
}
