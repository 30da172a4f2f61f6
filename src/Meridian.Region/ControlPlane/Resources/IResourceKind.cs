using System.Text.Json.Nodes;

namespace Meridian.Region.ControlPlane.Resources;

/// <summary>
/// One collection of the control plane (assets, contentKeyPolicies, ...). The dispatcher does routing, auth, body
/// reading, transactions and the ARM envelope; a kind validates and shapes the <c>properties</c>.
/// </summary>
public interface IResourceKind
{
    /// <summary>The URL segment with its canonical casing, e.g. <c>contentKeyPolicies</c>.</summary>
    string Collection { get; }

    /// <summary>The ARM type, e.g. <c>Microsoft.Media/mediaservices/contentKeyPolicies</c>.</summary>
    string ArmType { get; }

    /// <summary>Words for messages, e.g. <c>content key policy</c>.</summary>
    string DisplayName { get; }

    /// <summary>The collection this one lives under (<c>assets</c> for asset filters), or null for account-level kinds.</summary>
    string? ParentCollection { get; }

    /// <summary>True for ARM tracked resources, which carry <c>location</c> and <c>tags</c>.</summary>
    bool Tracked { get; }

    /// <summary>What <c>$filter</c> and <c>$orderby</c> may name.</summary>
    IReadOnlySet<string> Filterable { get; }

    /// <summary>Throws a 400 for a name the kind does not allow.</summary>
    void ValidateName(string name);

    /// <summary>Creates (<paramref name="existing"/> null) or replaces a resource from a PUT body.</summary>
    ResourceDocument Put(ResourceRequest request, string name, JsonObject body, ResourceDocument? existing);

    /// <summary>Applies a PATCH body to an existing resource.</summary>
    ResourceDocument Patch(ResourceRequest request, ResourceDocument existing, JsonObject body);

    /// <summary>The properties as clients see them (secrets blanked).</summary>
    JsonObject PresentProperties(ResourceRequest request, ResourceDocument document);

    /// <summary>A region-wide unique value to index, or null.</summary>
    string? AlternateKey(ResourceDocument document);

    /// <summary>Runs before a resource is deleted, inside the delete's transaction (cascades, refusals).</summary>
    void OnDeleting(ResourceRequest request, ResourceDocument document);
}
