using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingLocators;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>
/// Streaming policies: which protocols and encryption schemes a locator serves. Policies are immutable (PUT on an
/// existing one is a 409, PATCH a 405), the predefined ones cannot be replaced or deleted, and a policy a locator uses
/// cannot be deleted.
/// </summary>
public sealed class StreamingPolicyKind : ResourceKind<StreamingPolicyProperties>
{
    public const string CollectionName = "streamingPolicies";

    /// <summary>The store kind (the lower-cased collection).</summary>
    public const string StoreKind = "streamingpolicies";

    /// <summary>AMS quota: custom streaming policies per account (the predefined ones do not count).</summary>
    public const int MaxPerAccount = 100;

    public override string Collection => CollectionName;

    public override string DisplayName => "streaming policy";

    protected override StreamingPolicyProperties Create(ResourceRequest request, ResourceDocument document, StreamingPolicyProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(incoming);
        if (PredefinedStreamingPolicies.IsReserved(document.Name))
        {
            throw new ArmException(400, "InvalidResourceName",
                $"The streaming policy name '{document.Name}' is not valid: the prefix '{PredefinedStreamingPolicies.Prefix}' is reserved for predefined policies.",
                document.Name);
        }

        var count = request.Session.List(request.Account.Scope, StoreKind).Count(s => !PredefinedStreamingPolicies.IsPredefined(s.Key.Name));
        if (count >= MaxPerAccount)
        {
            throw new ArmException(400, "QuotaExceeded",
                $"Account '{request.Account.Account}' already has {MaxPerAccount} streaming policies, the most it can have. " +
                "Reuse a policy for locators that need the same protocols and encryption, or delete one.");
        }

        StreamingPolicyValidator.Validate(request, incoming);
        return incoming with { Created = request.Now };
    }

    protected override StreamingPolicyProperties Update(
        ResourceRequest request, ResourceDocument document, StreamingPolicyProperties current, StreamingPolicyProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        if (HttpMethods.IsPatch(request.Http.Request.Method))
        {
            throw new ArmException(405, "MethodNotAllowed", "A streaming policy cannot be updated. Create a new policy instead.");
        }

        throw PredefinedStreamingPolicies.IsPredefined(document.Name)
            ? ArmException.Conflict($"'{document.Name}' is a predefined streaming policy and cannot be replaced. Create a policy with another name.",
                document.Name)
            : ArmException.Conflict($"The streaming policy '{document.Name}' already exists and cannot be updated: streaming policies are immutable. " +
                "Create a policy with another name, or delete this one (when no locator uses it) and create it again.", document.Name);
    }

    protected override StreamingPolicyProperties Present(ResourceRequest request, StreamingPolicyProperties stored) =>
        stored.WithEmptyLists();

    public override void OnDeleting(ResourceRequest request, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        if (PredefinedStreamingPolicies.IsPredefined(document.Name))
        {
            throw ArmException.BadRequest($"'{document.Name}' is a predefined streaming policy and cannot be deleted.", document.Name);
        }

        var users = request.Session.List(request.Account.Scope, StreamingLocatorKind.StoreKind)
            .Select(s => ResourceDocument.Deserialize(s.Body))
            .Where(l => string.Equals(l.Properties["streamingPolicyName"]?.GetValue<string>(), document.Name, StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Name)
            .ToList();
        if (users.Count > 0)
        {
            var shown = string.Join(", ", users.Take(5).Select(n => $"'{n}'")) + (users.Count > 5 ? $" and {users.Count - 5} more" : "");
            throw ArmException.Conflict(
                $"The streaming policy '{document.Name}' is used by {users.Count} streaming locator(s) ({shown}). Delete those locators first.",
                document.Name);
        }
    }
}
