using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>
/// Content key policies: how key delivery hands out keys. Secrets are stored intact and blanked in every response;
/// <see cref="GetPolicyPropertiesWithSecretsAction"/> reads them. A policy that a streaming locator or streaming policy
/// names cannot be deleted.
/// </summary>
/// <remarks>
/// The kind re-implements <see cref="IResourceKind.Put"/> and <see cref="IResourceKind.Patch"/> to check the body's
/// <c>@odata.type</c>s (<see cref="ContentKeyPolicyODataTypes"/>) before the base class deserializes it.
/// </remarks>
public sealed class ContentKeyPolicyKind : ResourceKind<ContentKeyPolicyProperties>, IResourceKind
{
    public const string CollectionName = "contentKeyPolicies";

    /// <summary>Kinds whose documents may name a policy, in any <c>policyName</c> or <c>defaultContentKeyPolicyName</c>.</summary>
    private static readonly (string Kind, string What)[] Referrers = [("streaminglocators", "streaming locator"), ("streamingpolicies", "streaming policy")];

    public override string Collection => CollectionName;

    public override string DisplayName => "content key policy";

    public override IReadOnlySet<string> Filterable { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "properties/created", "properties/lastModified", "properties/description", "properties/policyId",
    };

    ResourceDocument IResourceKind.Put(ResourceRequest request, string name, JsonObject body, ResourceDocument? existing)
    {
        ContentKeyPolicyODataTypes.Normalize(body);
        return Put(request, name, body, existing);
    }

    ResourceDocument IResourceKind.Patch(ResourceRequest request, ResourceDocument existing, JsonObject body)
    {
        ContentKeyPolicyODataTypes.Normalize(body);
        return Patch(request, existing, body);
    }

    public override void OnDeleting(ResourceRequest request, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        foreach (var (kind, what) in Referrers)
        {
            foreach (var stored in request.Session.List(request.Account.Scope, kind))
            {
                var referrer = ResourceDocument.Deserialize(stored.Body);
                if (Names(referrer.Properties, document.Name))
                {
                    throw ArmException.Conflict(
                        $"The content key policy '{document.Name}' is used by the {what} '{referrer.Name}'. Delete the {what} first.", document.Name);
                }
            }
        }
    }

    protected override ContentKeyPolicyProperties Create(ResourceRequest request, ResourceDocument document, ContentKeyPolicyProperties incoming)
    {
        var created = incoming with { Options = AssignIds(incoming.Options, []) };
        ContentKeyPolicyValidator.Validate(created);
        return created with { PolicyId = Guid.NewGuid(), Created = request.Now, LastModified = request.Now };
    }

    protected override ContentKeyPolicyProperties Update(
        ResourceRequest request, ResourceDocument document, ContentKeyPolicyProperties current, ContentKeyPolicyProperties incoming)
    {
        var stored = current.Options ?? [];
        var options = incoming.Options;
        if (HttpMethods.IsPatch(request.Http.Request.Method))
        {
            // Null entries stay for the validator to report.
            options = options?.Select(o => o is null ? o! : ContentKeyPolicySecrets.Restore(o, Match(o, stored))).ToList();
        }

        var updated = incoming with
        {
            PolicyId = current.PolicyId,
            Created = current.Created,
            LastModified = request.Now,
            Options = AssignIds(options, stored),
        };
        ContentKeyPolicyValidator.Validate(updated);
        return updated;
    }

    protected override ContentKeyPolicyProperties Present(ResourceRequest request, ContentKeyPolicyProperties stored) =>
        ContentKeyPolicySecrets.Blank(stored).WithEmptyLists();

    /// <summary>Keeps the id of the stored option each option replaces; new options get new ids.</summary>
    private static List<ContentKeyPolicyOption>? AssignIds(IReadOnlyList<ContentKeyPolicyOption>? options, IReadOnlyList<ContentKeyPolicyOption> stored)
    {
        var used = new HashSet<Guid>();
        return options?.Select(o => o is null ? o! :
            o with { PolicyOptionId = Match(o, stored)?.PolicyOptionId is { } kept && used.Add(kept) ? kept : NewId(used) }).ToList();
    }

    private static Guid NewId(HashSet<Guid> used)
    {
        var id = Guid.NewGuid();
        used.Add(id);
        return id;
    }

    /// <summary>The stored option an incoming one replaces: the one with its <c>policyOptionId</c>, else its name.</summary>
    private static ContentKeyPolicyOption? Match(ContentKeyPolicyOption incoming, IReadOnlyList<ContentKeyPolicyOption> stored) =>
        stored.FirstOrDefault(s => incoming.PolicyOptionId is { } id && s.PolicyOptionId == id) ??
        stored.FirstOrDefault(s => incoming.Name is { } name && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool Names(JsonNode? node, string policy) => node switch
    {
        JsonObject obj => obj.Any(kv => (IsPolicyReference(kv.Key) && kv.Value is JsonValue value &&
            value.TryGetValue<string>(out var text) && string.Equals(text, policy, StringComparison.OrdinalIgnoreCase)) || Names(kv.Value, policy)),
        JsonArray array => array.Any(item => Names(item, policy)),
        _ => false,
    };

    private static bool IsPolicyReference(string key) =>
        key.Equals("policyName", StringComparison.OrdinalIgnoreCase) || key.Equals("defaultContentKeyPolicyName", StringComparison.OrdinalIgnoreCase);
}
