using System.Text.Json;
using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.Resources;

/// <summary>
/// A resource as the control plane stores it: the ARM envelope without <c>id</c> and <c>type</c>, which are derived.
/// <see cref="Properties"/> holds the full (unblanked) properties.
/// </summary>
public sealed class ResourceDocument
{
    public string Name { get; set; } = "";

    public string? Location { get; set; }

    public Dictionary<string, string>? Tags { get; set; }

    public JsonObject? Sku { get; set; }

    public JsonObject Properties { get; set; } = [];

    public SystemData SystemData { get; set; } = new();

    public string Serialize() => JsonSerializer.Serialize(this, ArmJson.Options);

    public static ResourceDocument Deserialize(string json) =>
        JsonSerializer.Deserialize<ResourceDocument>(json, ArmJson.Options) ?? throw new InvalidDataException("Empty resource document.");

    /// <summary>The properties as a typed record.</summary>
    public T Get<T>() => ArmJson.Read<T>(Properties, "properties");

    /// <summary>Replaces the properties with a typed record.</summary>
    public void Set<T>(T properties) => Properties = (JsonObject)ArmJson.ToNode(properties)!;
}
