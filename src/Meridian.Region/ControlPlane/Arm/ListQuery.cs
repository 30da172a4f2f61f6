using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.Arm;

/// <summary><c>$filter</c>, <c>$orderby</c>, <c>$top</c> and <c>$skiptoken</c> of a list request, applied in that order.</summary>
public sealed class ListQuery
{
    private readonly ODataFilter? _filter;
    private readonly List<(string Path, bool Descending)> _orderBy = [];
    private readonly int? _top;
    private readonly int _skip;

    private ListQuery(ODataFilter? filter, int? top, int skip)
    {
        _filter = filter;
        _top = top;
        _skip = skip;
    }

    /// <summary>Reads the query of <paramref name="request"/>; <paramref name="filterable"/> lists what $filter and $orderby may name.</summary>
    public static ListQuery Parse(HttpRequest request, IReadOnlySet<string> filterable)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = request.Query;
        var filter = q.TryGetValue("$filter", out var f) && !string.IsNullOrWhiteSpace(f) ? ODataFilter.Parse(f.ToString(), filterable) : null;
        int? top = null;
        if (q.TryGetValue("$top", out var t) && !string.IsNullOrEmpty(t))
        {
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                throw new ArmException(400, "BadRequest", $"$top must be a positive whole number, not '{t}'.", "$top");
            }

            top = n;
        }

        var skip = 0;
        if (q.TryGetValue("$skiptoken", out var token) && !string.IsNullOrEmpty(token))
        {
            skip = DecodeSkipToken(token.ToString());
        }

        var query = new ListQuery(filter, top, skip);
        if (q.TryGetValue("$orderby", out var orderBy) && !string.IsNullOrWhiteSpace(orderBy))
        {
            foreach (var clause in orderBy.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var path = filterable.FirstOrDefault(a => string.Equals(a, parts[0], StringComparison.OrdinalIgnoreCase)) ??
                    throw new ArmException(400, "BadRequest", $"Cannot order by '{parts[0]}'.", "$orderby");
                var descending = parts.Length switch
                {
                    1 => false,
                    2 when parts[1].Equals("asc", StringComparison.OrdinalIgnoreCase) => false,
                    2 when parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase) => true,
                    _ => throw new ArmException(400, "BadRequest", $"'{clause}' is not 'property [asc|desc]'.", "$orderby"),
                };
                query._orderBy.Add((path, descending));
            }
        }

        return query;
    }

    /// <summary>Filters, orders and pages presented resources; returns the page and the next skip offset, if any.</summary>
    public (IReadOnlyList<JsonObject> Page, int? NextSkip) Apply(IEnumerable<JsonObject> resources, int pageSize)
    {
        var items = _filter is null ? resources.ToList() : resources.Where(_filter.Matches).ToList();
        if (_orderBy.Count > 0)
        {
            var comparer = Comparer<JsonObject>.Create((a, b) =>
            {
                foreach (var (path, descending) in _orderBy)
                {
                    var c = CompareValues(Value(a, path), Value(b, path));
                    if (c != 0)
                    {
                        return descending ? -c : c;
                    }
                }

                return 0;
            });
            items = [.. items.Order(comparer)];
        }

        if (_top is { } top && items.Count > top)
        {
            items = items[..top];
        }

        var page = items.Skip(_skip).Take(pageSize).ToList();
        var next = _skip + page.Count < items.Count ? _skip + page.Count : (int?)null;
        return (page, next);
    }

    /// <summary>The absolute URL of the next page: the same request with a new $skiptoken.</summary>
    public static string NextLink(HttpRequest request, int skip)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query
            .Where(kv => !string.Equals(kv.Key, "$skiptoken", StringComparison.OrdinalIgnoreCase))
            .SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"$skiptoken={EncodeSkipToken(skip)}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private static string EncodeSkipToken(int skip) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("skip:" + skip.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int DecodeSkipToken(string token)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            if (text.StartsWith("skip:", StringComparison.Ordinal) &&
                int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
            {
                return skip;
            }
        }
        catch (FormatException)
        {
        }

        throw new ArmException(400, "BadRequest", "The $skiptoken is not one this service issued.", "$skiptoken");
    }

    private static JsonNode? Value(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('/'))
        {
            node = node is JsonObject o ? o.FirstOrDefault(kv => string.Equals(kv.Key, part, StringComparison.OrdinalIgnoreCase)).Value : null;
        }

        return node;
    }

    private static int CompareValues(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return (a is null ? 0 : 1) - (b is null ? 0 : 1);
        }

        if (a is JsonValue va && b is JsonValue vb)
        {
            if (va.TryGetValue<double>(out var da) && vb.TryGetValue<double>(out var db))
            {
                return da.CompareTo(db);
            }

            if (va.TryGetValue<string>(out var sa) && vb.TryGetValue<string>(out var sb))
            {
                return string.Compare(sa, sb, StringComparison.OrdinalIgnoreCase);
            }
        }

        return 0;
    }
}
