using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Meridian.Cli.Output;

/// <summary>Tables of resources. Cells are plain text (never markup), so names with brackets print as they are.</summary>
public static class Tables
{
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    public static Table Row(this Table table, params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c ?? "")).ToArray());
        return table;
    }

    /// <summary>A two-column table of a resource: name, id, then each property (objects and arrays as compact JSON).</summary>
    public static Table Resource(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var table = Create("Property", "Value");
        table.Row("name", Text(resource["name"]));
        table.Row("id", Text(resource["id"]));
        if (resource["properties"] is JsonObject properties)
        {
            foreach (var (key, value) in properties)
            {
                table.Row(key, Text(value));
            }
        }

        return table;
    }

    /// <summary>A value as text: strings as they are, dates shortened to seconds, objects and arrays as compact JSON.</summary>
    public static string Text(JsonNode? node)
    {
        if (node is null)
        {
            return "";
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        return node.ToJsonString();
    }

    /// <summary>An ARM date-time as <c>yyyy-MM-dd HH:mm:ssZ</c>; other text unchanged.</summary>
    public static string Date(JsonNode? node)
    {
        var text = Text(node);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : text;
    }

    /// <summary>A value at a path of property names, e.g. <c>Get(asset, "properties", "assetId")</c>.</summary>
    public static string Get(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
        }

        return Text(node);
    }
}
