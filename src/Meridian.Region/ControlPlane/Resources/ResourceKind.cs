using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.Resources;

/// <summary>
/// A kind whose <c>properties</c> are the record <typeparamref name="TProperties"/>. PUT reads the body's properties as that
/// record and hands it to <see cref="Create"/> or <see cref="Update"/>; PATCH merges the body into the stored properties
/// (RFC 7396) and calls <see cref="Update"/>.
/// </summary>
public abstract class ResourceKind<TProperties> : IResourceKind
    where TProperties : class, new()
{
    public abstract string Collection { get; }

    public virtual string ArmType => $"Microsoft.Media/mediaservices/{Collection}";

    public abstract string DisplayName { get; }

    public virtual string? ParentCollection => null;

    public virtual bool Tracked => false;

    public virtual IReadOnlySet<string> Filterable { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "name", "properties/created" };

    /// <summary>Policies and locators cannot change once created: PUT on an existing one is a 409, PATCH a 405.</summary>
    protected virtual bool Immutable => false;

    public virtual void ValidateName(string name) => NameRules.Media(name, DisplayName);

    public ResourceDocument Put(ResourceRequest request, string name, JsonObject body, ResourceDocument? existing)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var incoming = body["properties"] is null ? new TProperties() : ArmJson.Read<TProperties>(body["properties"], "properties");
        if (existing is null)
        {
            var document = new ResourceDocument
            {
                Name = name,
                SystemData = new SystemData
                {
                    CreatedBy = request.Caller,
                    CreatedAt = request.Now,
                    LastModifiedBy = request.Caller,
                    LastModifiedAt = request.Now,
                },
            };
            ApplyEnvelope(request, document, body, creating: true);
            document.Set(Create(request, document, incoming));
            return document;
        }

        if (Immutable)
        {
            throw new ArmException(409, "Conflict",
                $"The {DisplayName} '{existing.Name}' already exists and cannot be updated. Delete it and create it again.", existing.Name);
        }

        var current = existing.Get<TProperties>();
        ApplyEnvelope(request, existing, body, creating: false);
        existing.Set(Update(request, existing, current, incoming));
        Touch(request, existing);
        return existing;
    }

    public ResourceDocument Patch(ResourceRequest request, ResourceDocument existing, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(body);
        if (Immutable)
        {
            throw new ArmException(405, "MethodNotAllowed", $"A {DisplayName} cannot be updated. Delete it and create it again.");
        }

        var current = existing.Get<TProperties>();
        var merged = (JsonObject)existing.Properties.DeepClone();
        if (body["properties"] is JsonObject patch)
        {
            ArmJson.MergePatch(merged, patch);
        }
        else if (body["properties"] is not null)
        {
            throw ArmException.InvalidBody("'properties' must be an object.", "properties");
        }

        var incoming = ArmJson.Read<TProperties>(merged, "properties");
        ApplyEnvelope(request, existing, body, creating: false);
        existing.Set(Update(request, existing, current, incoming));
        Touch(request, existing);
        return existing;
    }

    public JsonObject PresentProperties(ResourceRequest request, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return (JsonObject)ArmJson.ToNode(Present(request, document.Get<TProperties>()))!;
    }

    public virtual string? AlternateKey(ResourceDocument document) => null;

    public virtual void OnDeleting(ResourceRequest request, ResourceDocument document)
    {
    }

    /// <summary>Validates a new resource's properties and fills read-only ones (ids, created, defaults).</summary>
    protected abstract TProperties Create(ResourceRequest request, ResourceDocument document, TProperties incoming);

    /// <summary>Validates a change; keeps read-only properties from <paramref name="current"/>.</summary>
    protected virtual TProperties Update(ResourceRequest request, ResourceDocument document, TProperties current, TProperties incoming) =>
        throw new ArmException(405, "MethodNotAllowed", $"A {DisplayName} cannot be updated.");

    /// <summary>What clients see; override to blank secrets.</summary>
    protected virtual TProperties Present(ResourceRequest request, TProperties stored) => stored;

    /// <summary>Reads location, tags (tracked kinds) and anything else outside <c>properties</c>.</summary>
    protected virtual void ApplyEnvelope(ResourceRequest request, ResourceDocument document, JsonObject body, bool creating)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(body);
        if (!Tracked)
        {
            return;
        }

        if (body["location"] is { } location)
        {
            var given = ArmJson.Read<string>(location, "location");
            if (!creating && !ArmLocation.Same(document.Location, given))
            {
                throw ArmLocation.Moved(DisplayName, document.Name, document.Location);
            }

            document.Location = given;
        }
        else if (creating)
        {
            throw ArmException.InvalidBody($"A {DisplayName} needs a 'location'.", "location");
        }

        if (body["tags"] is { } tags)
        {
            var map = ArmJson.Read<Dictionary<string, string>>(tags, "tags");
            if (map.Count > 50 || map.Any(kv => kv.Key.Length > 512 || kv.Value.Length > 256))
            {
                throw ArmException.InvalidBody("At most 50 tags, with names up to 512 and values up to 256 characters.", "tags");
            }

            document.Tags = map;
        }
    }

    private static void Touch(ResourceRequest request, ResourceDocument document) =>
        document.SystemData = document.SystemData with { LastModifiedBy = request.Caller, LastModifiedAt = request.Now };
}
