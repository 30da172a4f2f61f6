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
        // Some clients (PowerShell's UTF-8 encoder among them) start a body with a byte order mark; JSON itself has none.
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            utf8 = utf8[3..];
        }

        if (utf8.IsEmpty)
        {
            return [];
        }

        // The reader would take ill-formed UTF-8 inside strings and store U+FFFD in its place: refuse it instead.
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw ArmException.InvalidBody("The request body is not valid UTF-8.");
        }

        JsonNode? node;
        try
        {
            // A repeated property would otherwise fail later, when the object is first read (a 500), or be read as the
            // last one; ARM answers a body naming a property twice with 400.
            node = JsonNode.Parse(utf8, new JsonNodeOptions { PropertyNameCaseInsensitive = false },
                new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw ArmException.InvalidBody($"The request body is not valid JSON: {Clean(ex.Message)}");
        }

        var body = node as JsonObject ?? throw ArmException.InvalidBody("The request body must be a JSON object.");
        RequireDistinctNames(body, "");
        return body;
    }

    /// <summary>ARM reads property names case-insensitively, so two names differing only in case are one property twice.</summary>
    private static void RequireDistinctNames(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (name, value) in obj)
                {
                    var at = path.Length == 0 ? name : $"{path}.{name}";
                    if (!seen.Add(name))
                    {
                        throw ArmException.InvalidBody($"The request body names '{at}' more than once.", at);
                    }

                    RequireDistinctNames(value, at);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    RequireDistinctNames(array[i], $"{path}[{i}]");
                }

                break;
        }
    }

    /// <summary>
    /// Applies a JSON merge patch (RFC 7396) to <paramref name="target"/>: a null removes a property, an object merges
    /// into an object, anything else replaces. Names match without case, as ARM reads them.
    /// </summary>
    public static void MergePatch(JsonObject target, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        foreach (var (key, value) in patch.ToList())
        {
            var existingKey = target.Select(kv => kv.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) ?? key;
            if (value is null)
            {
                target.Remove(existingKey);
            }
            else if (value is JsonObject patchObject && target[existingKey] is JsonObject targetObject)
            {
                MergePatch(targetObject, patchObject);
            }
            else
            {
                target[existingKey] = value.DeepClone();
            }
        }
    }

    private static string Clean(string message)
    {
        // System.Text.Json appends its own path and position; the target already names the place.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;

        // ... and names the .NET type it wanted, which means nothing to an API client: say what JSON was expected.
        const string NotConverted = "The JSON value could not be converted to ";
        return message.StartsWith(NotConverted, StringComparison.Ordinal)
            ? $"expected {Expected(message[NotConverted.Length..].TrimEnd('.'))}."
            : message;
    }

    private static string Expected(string type) => type switch
    {
        "System.String" => "a string",
        "System.Boolean" => "true or false",
        "System.Guid" => "a uuid",
        "System.TimeSpan" => "an ISO 8601 duration",
        "System.DateTime" or "System.DateTimeOffset" => "an ISO 8601 date and time",
        "System.Int32" or "System.Int64" or "System.Double" or "System.Decimal" or "System.Single" or "System.UInt32" or "System.UInt64"
            => "a number",
        _ when type.StartsWith("System.Nullable", StringComparison.Ordinal) => Expected(NullableArgument(type)),
        _ when type.Contains("Dictionary", StringComparison.Ordinal) => "an object",
        _ when type.EndsWith("[]", StringComparison.Ordinal) || type.Contains("List`1", StringComparison.Ordinal) ||
            type.Contains("IEnumerable`1", StringComparison.Ordinal) || type.Contains("Collection`1", StringComparison.Ordinal) => "an array",
        _ when type.StartsWith("Meridian.", StringComparison.Ordinal) && EnumType(type) => "one of the documented values (a string)",
        _ => "an object",
    };

    private static string NullableArgument(string type)
    {
        var open = type.IndexOf('[', StringComparison.Ordinal);
        return open < 0 ? type : type[(open + 1)..].TrimEnd(']');
    }

    private static bool EnumType(string name) =>
        typeof(ArmJson).Assembly.GetType(name, throwOnError: false)?.IsEnum == true;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
            MaxDepth = MaxDepth,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = false,

            // Reads are case-insensitive, so "download" and "Download" in one object are the same property twice.
            AllowDuplicateProperties = false,

            // Responses are application/json, never HTML: keep '+' of base64 keys and quotes in messages readable, as AMS
            // wrote them, instead of \u002B and \u0027.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new ArmDateTimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
