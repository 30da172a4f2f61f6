using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;

namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>
/// Resolves content key policy names by reading the metadata store directly, so streaming policies and locators do not
/// depend on the content key policy kind's code, only on where it stores its resources.
/// </summary>
public static class ContentKeyPolicyReferences
{
    /// <summary>The store kind of content key policies (the lower-cased collection).</summary>
    public const string StoreKind = "contentkeypolicies";

    /// <summary>The stored name of a content key policy of the request's account, or a 400 that names the reference.</summary>
    public static string Require(ResourceRequest request, string? name, string target)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ArmException.BadRequest($"'{target}' cannot be empty; name a content key policy or leave it out.", target);
        }

        var stored = request.Session.Get(new ResourceKey(request.Account.Scope, StoreKind, name));
        return stored?.Key.Name ?? throw ArmException.BadRequest(
            $"The content key policy '{name}' named in '{target}' was not found in account '{request.Account.Account}'. " +
            "Create the content key policy first.", target);
    }
}
