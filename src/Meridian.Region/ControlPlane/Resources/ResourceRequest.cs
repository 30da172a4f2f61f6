using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.Hosting;
using Meridian.Region.Metadata;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.Resources;

/// <summary>What a resource kind or action sees of the request it serves.</summary>
public sealed class ResourceRequest
{
    public required IMetadataSession Session { get; init; }

    public required AccountScope Account { get; init; }

    /// <summary>The parent resource's name for sub-collections (the asset of an asset filter).</summary>
    public string? ParentName { get; init; }

    /// <summary>The credential's name, recorded in <c>systemData</c>.</summary>
    public required string Caller { get; init; }

    /// <summary>The time of the request, from the injected <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Now { get; init; }

    public required HttpContext Http { get; init; }

    public required RegionContext Region { get; init; }

    public string ApiVersion => Http.Request.Query["api-version"].ToString();

    /// <summary>Headers to add to the response (long-running operations).</summary>
    public Dictionary<string, string> ResponseHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A status that replaces the default 200/201 (e.g. 202 for a long-running operation).</summary>
    public int? StatusCodeOverride { get; set; }

    /// <summary>Work to run after the transaction commits (storage cleanup, background state transitions).</summary>
    public List<Func<Task>> AfterCommit { get; } = [];

    /// <summary>The metadata scope of a kind's resources in this request.</summary>
    public string ScopeOf(IResourceKind kind, string? parentName = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (kind.ParentCollection is null)
        {
            return Account.Scope;
        }

        var parent = parentName ?? ParentName ?? throw new InvalidOperationException($"{kind.Collection} needs a parent name.");
        return $"{Account.Scope}/{kind.ParentCollection.ToLowerInvariant()}/{parent.ToLowerInvariant()}";
    }

    /// <summary>The ARM id of a resource.</summary>
    public string IdOf(IResourceKind kind, string name, string? parentName = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var parent = kind.ParentCollection is null ? "" : $"/{kind.ParentCollection}/{parentName ?? ParentName}";
        return $"{Account.Id}{parent}/{kind.Collection}/{name}";
    }

    /// <summary>Reads another resource of the account, or null.</summary>
    public ResourceDocument? Find(IResourceKind kind, string name, string? parentName = null)
    {
        var stored = Session.Get(new ResourceKey(ScopeOf(kind, parentName), kind.Collection.ToLowerInvariant(), name));
        return stored is null ? null : ResourceDocument.Deserialize(stored.Body);
    }

    /// <summary>Reads another resource of the account, or throws 404 naming it.</summary>
    public ResourceDocument Require(IResourceKind kind, string name, string? parentName = null, string? target = null) =>
        Find(kind, name, parentName) ?? throw new ArmException(404, "ResourceNotFound",
            $"The {kind.DisplayName} '{name}' was not found in account '{Account.Account}'.", target ?? name);

    /// <summary>All resources of a kind in this account (or under a parent).</summary>
    public IEnumerable<ResourceDocument> All(IResourceKind kind, string? parentName = null) =>
        Session.List(ScopeOf(kind, parentName), kind.Collection.ToLowerInvariant()).Select(s => ResourceDocument.Deserialize(s.Body));

    /// <summary>Stores a resource of a kind in this account.</summary>
    public void Store(IResourceKind kind, ResourceDocument document, string? parentName = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(document);
        Session.Put(new StoredResource(
            new ResourceKey(ScopeOf(kind, parentName), kind.Collection.ToLowerInvariant(), document.Name),
            document.Serialize(),
            kind.AlternateKey(document)));
    }
}
