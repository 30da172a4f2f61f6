using System.Text.Json;
using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.Filters;

/// <summary>
/// What account and asset filters share: validation, the limit of <see cref="MaxFilters"/> per collection, and the
/// refusal to delete a filter that a streaming locator names in <c>properties.filters</c>.
/// </summary>
public abstract class MediaFilterKind : ResourceKind<MediaFilterProperties>
{
    /// <summary>AMS allows 100 dynamic manifest filters.</summary>
    public const int MaxFilters = 100;

    private const string LocatorKind = "streaminglocators";

    public override IReadOnlySet<string> Filterable { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "name" };

    public override void OnDeleting(ResourceRequest request, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        foreach (var stored in request.Session.List(request.Account.Scope, LocatorKind))
        {
            var locator = ResourceDocument.Deserialize(stored.Body);
            if (locator.Properties["filters"] is JsonArray filters &&
                filters.Any(f => f?.GetValueKind() == JsonValueKind.String &&
                    string.Equals(f.GetValue<string>(), document.Name, StringComparison.OrdinalIgnoreCase)) &&
                AppliesTo(request, document.Name, locator.Properties["assetName"]?.GetValue<string>()))
            {
                throw ArmException.Conflict(
                    $"The {DisplayName} '{document.Name}' is used by the streaming locator '{locator.Name}'. Delete the locator first.", document.Name);
            }
        }
    }

    /// <summary>True if a locator of <paramref name="assetName"/> that names <paramref name="filterName"/> means this filter.</summary>
    protected abstract bool AppliesTo(ResourceRequest request, string filterName, string? assetName);

    protected override MediaFilterProperties Create(ResourceRequest request, ResourceDocument document, MediaFilterProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validated = MediaFilterValidator.Validate(incoming);
        if (request.Session.List(request.ScopeOf(this), Collection.ToLowerInvariant()).Count >= MaxFilters)
        {
            throw ArmException.BadRequest($"There are already {MaxFilters} {DisplayName}s here, the most allowed. Delete one first.");
        }

        return validated;
    }

    protected override MediaFilterProperties Update(
        ResourceRequest request, ResourceDocument document, MediaFilterProperties current, MediaFilterProperties incoming) =>
        MediaFilterValidator.Validate(incoming);
}
