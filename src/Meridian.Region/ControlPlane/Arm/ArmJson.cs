using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.Arm;

/// <summary>JSON settings of the control plane, and typed reads that turn bad input into 400s.</summary>
public static class ArmJson
{
    /// <summary>camelCase, nulls omitted, enums as strings, ARM date-times. Reads are case-insensitive.</summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Deepest JSON nesting accepted in a request body.</summary>
    public const int MaxDepth = 32;

    /// <summary>Reads a typed value from a node; a wrong type or shape is a 400 naming the JSON path.</summary>
    public static T Read<T>(JsonNode? node, string target)
    {
        try
        {
            var value = node is null ? default : node.Deserialize<T>(Options);
            return value ?? throw ArmException.InvalidBody($"'{target}' is required.", target);
        }
        catch (JsonException ex)
        {
            var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? target : target + ex.Path.TrimStart('$');
            throw ArmException.InvalidBody($"The value of '{path}' is not valid: {Clean(ex.Message)}", path);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or FormatException or ArgumentException)
        {
            throw ArmException.InvalidBody($"The value of '{target}' is not valid: {ex.Message}", target);
        }
    }

    /// <summary>Serializes a typed value to a node with the control-plane settings.</summary>
    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    /// <summary>Parses a request body that must be one JSON object.</summary>
    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return [];
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, new JsonNodeOptions { PropertyNameCaseInsensitive = false }, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            throw ArmException.InvalidBody($"The request body is not valid JSON: {Clean(ex.Message)}");
        }

        return node as JsonObject ?? throw ArmException.InvalidBody("The request body must be a JSON object.");
    }

    private static string Clean(string message)
    {
        // System.Text.Json appends its own path and position; the target already names the place.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            MaxDepth = MaxDepth,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new ArmDateTimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
