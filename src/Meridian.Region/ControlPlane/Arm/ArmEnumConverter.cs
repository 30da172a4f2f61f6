using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meridian.Region.ControlPlane.Arm;

/// <summary>
/// Reads an enum from its name (case-insensitive) and writes the name. Put it on a property
/// (<c>[JsonConverter(typeof(ArmEnumConverter&lt;T&gt;))]</c>) so that a bad value becomes a 400 that lists the allowed
/// names instead of naming a .NET type. Property attributes win over <see cref="ArmJson.Options"/>' enum converter;
/// attributes on the enum type would not.
/// </summary>
public sealed class ArmEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    private static readonly string Allowed = string.Join(", ", Enum.GetNames<TEnum>());

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, one of: {Allowed}.");
        }

        var text = reader.GetString()!;
        // Enum.TryParse also takes numbers and comma lists; ARM enums are single names.
        if (text.Length > 0 && char.IsLetter(text[0]) && !text.Contains(',', StringComparison.Ordinal) &&
            Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value))
        {
            return value;
        }

        throw new JsonException($"'{text}' is not one of: {Allowed}.");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
