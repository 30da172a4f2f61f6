using System.Globalization;
using System.Text.Json.Nodes;

namespace Meridian.Region.ControlPlane.Arm;

/// <summary>
/// The OData <c>$filter</c> subset AMS documents: comparisons (<c>eq ne gt ge lt le</c>) of a property path such as
/// <c>name</c> or <c>properties/created</c> with a literal, joined by <c>and</c>, <c>or</c>, <c>not</c> and parentheses.
/// Literals are quoted strings, numbers, <c>true</c>/<c>false</c>/<c>null</c>, and bare date-times or GUIDs.
/// </summary>
public sealed class ODataFilter
{
    private const int MaxLength = 2048;
    private const int MaxTerms = 32;
    private readonly Node _root;

    private ODataFilter(Node root) => _root = root;

    /// <summary>Parses <paramref name="text"/>; properties outside <paramref name="allowed"/> are refused.</summary>
    public static ODataFilter Parse(string text, IReadOnlySet<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(allowed);
        if (text.Length > MaxLength)
        {
            throw Error($"The filter is longer than {MaxLength} characters.");
        }

        var parser = new Parser(Tokenize(text), allowed);
        var root = parser.ParseOr();
        if (!parser.AtEnd)
        {
            throw Error($"Unexpected '{parser.Peek}' in the filter.");
        }

        return new ODataFilter(root);
    }

    /// <summary>True if the resource (its ARM envelope, as returned to clients) matches.</summary>
    public bool Matches(JsonObject resource) => _root.Evaluate(resource);

    private static ArmException Error(string message) => new(400, "BadRequest", message, "$filter");

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '\'')
            {
                var sb = new System.Text.StringBuilder("'");
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw Error("A quoted string in the filter is not closed.");
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            sb.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(text[i++]);
                }

                tokens.Add(sb.ToString());
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not ',' and not '\'')
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }

    private abstract class Node
    {
        public abstract bool Evaluate(JsonObject resource);
    }

    private sealed class And(Node left, Node right) : Node
    {
        public override bool Evaluate(JsonObject resource) => left.Evaluate(resource) && right.Evaluate(resource);
    }

    private sealed class Or(Node left, Node right) : Node
    {
        public override bool Evaluate(JsonObject resource) => left.Evaluate(resource) || right.Evaluate(resource);
    }

    private sealed class Not(Node inner) : Node
    {
        public override bool Evaluate(JsonObject resource) => !inner.Evaluate(resource);
    }

    private sealed class Comparison(string path, string op, object? literal) : Node
    {
        public override bool Evaluate(JsonObject resource)
        {
            JsonNode? value = resource;
            foreach (var part in path.Split('/'))
            {
                value = value is JsonObject obj ? Lookup(obj, part) : null;
            }

            var order = Compare(value, literal);
            return op switch
            {
                "eq" => order == 0,
                "ne" => order != 0,
                "gt" => order is > 0 and not int.MaxValue,
                "ge" => order is >= 0 and not int.MaxValue,
                "lt" => order < 0,
                "le" => order <= 0,
                _ => false,
            };
        }

        private static JsonNode? Lookup(JsonObject obj, string name)
        {
            foreach (var (key, node) in obj)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return node;
                }
            }

            return null;
        }

        // int.MaxValue means "not comparable": only ne holds.
        private static int Compare(JsonNode? value, object? literal)
        {
            if (literal is null)
            {
                return value is null ? 0 : int.MaxValue;
            }

            if (value is not JsonValue jv)
            {
                return int.MaxValue;
            }

            switch (literal)
            {
                case DateTimeOffset when1:
                    return jv.TryGetValue<string>(out var s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal, out var when2) ? when2.CompareTo(when1) : int.MaxValue;
                case double number:
                    return jv.TryGetValue<double>(out var d) ? d.CompareTo(number) : int.MaxValue;
                case bool flag:
                    return jv.TryGetValue<bool>(out var b) ? (b == flag ? 0 : int.MaxValue) : int.MaxValue;
                case string text:
                    if (jv.TryGetValue<string>(out var str))
                    {
                        if (text.Contains('T', StringComparison.Ordinal) &&
                            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t1) &&
                            DateTimeOffset.TryParse(str, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t2))
                        {
                            return t2.CompareTo(t1);
                        }

                        return Math.Sign(string.Compare(str, text, StringComparison.OrdinalIgnoreCase));
                    }

                    return int.MaxValue;
                default:
                    return int.MaxValue;
            }
        }
    }

    private sealed class Parser(List<string> tokens, IReadOnlySet<string> allowed)
    {
        private int _position;
        private int _terms;

        public bool AtEnd => _position >= tokens.Count;

        public string Peek => AtEnd ? "" : tokens[_position];

        public Node ParseOr()
        {
            var left = ParseAnd();
            while (IsKeyword("or"))
            {
                _position++;
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseUnary();
            while (IsKeyword("and"))
            {
                _position++;
                left = new And(left, ParseUnary());
            }

            return left;
        }

        private Node ParseUnary()
        {
            if (AtEnd)
            {
                throw Error("The filter ends too early.");
            }

            if (IsKeyword("not"))
            {
                _position++;
                return new Not(ParseUnary());
            }

            if (Peek == "(")
            {
                _position++;
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            if (++_terms > MaxTerms)
            {
                throw Error($"The filter has more than {MaxTerms} comparisons.");
            }

            var path = Next();
            var canonical = allowed.FirstOrDefault(a => string.Equals(a, path, StringComparison.OrdinalIgnoreCase)) ??
                throw Error($"The filter cannot use '{path}'. Filterable here: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.");
            var op = Next().ToLowerInvariant();
            if (op is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le"))
            {
                throw Error($"'{op}' is not a comparison operator (eq, ne, gt, ge, lt, le).");
            }

            return new Comparison(canonical, op, ParseLiteral(Next()));
        }

        private static object? ParseLiteral(string token)
        {
            if (token.StartsWith('\''))
            {
                return token[1..];
            }

            switch (token.ToLowerInvariant())
            {
                case "null":
                    return null;
                case "true":
                    return true;
                case "false":
                    return false;
            }

            if (Guid.TryParse(token, out _))
            {
                return token;
            }

            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            var dateText = token.StartsWith("datetime", StringComparison.OrdinalIgnoreCase) ? token[8..].Trim('\'') : token;
            if (dateText.Contains('T', StringComparison.Ordinal) &&
                DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                return when;
            }

            // An OData Edm.Date (AMS's own list examples filter on "properties/created gt 2016-06-01"): midnight UTC.
            if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }

            throw Error($"'{token}' is not a literal (use 'quoted strings', numbers, true, false, null, ISO 8601 dates or times).");
        }

        private bool IsKeyword(string keyword) => !AtEnd && string.Equals(tokens[_position], keyword, StringComparison.OrdinalIgnoreCase);

        private string Next() => AtEnd ? throw Error("The filter ends too early.") : tokens[_position++];

        private void Expect(string token)
        {
            if (Next() != token)
            {
                throw Error($"Expected '{token}' in the filter.");
            }
        }
    }
}
