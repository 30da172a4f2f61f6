using System.Globalization;
using System.Xml;

namespace Meridian.Cli.Tokens;

/// <summary>Parses lifetimes as people type them: <c>90s</c>, <c>30m</c>, <c>1h</c>, <c>2d</c>, or ISO 8601 (<c>PT1H30M</c>).</summary>
public static class Durations
{
    /// <summary>The positive duration <paramref name="text"/> names, or null if it names none.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        TimeSpan? value;
        if (trimmed.StartsWith('P') || trimmed.StartsWith('p'))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(trimmed.ToUpperInvariant());
            }
            catch (FormatException)
            {
                value = null;
            }
            catch (OverflowException)
            {
                value = null;
            }
        }
        else
        {
            value = Short(trimmed);
        }

        return value > TimeSpan.Zero ? value : null;
    }

    private static TimeSpan? Short(string text)
    {
        var unit = char.ToLowerInvariant(text[^1]);
        if (!double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ||
            double.IsInfinity(amount))
        {
            return null;
        }

        var seconds = unit switch
        {
            's' => amount,
            'm' => amount * 60,
            'h' => amount * 3600,
            'd' => amount * 86400,
            _ => double.NaN,
        };
        return double.IsNaN(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds / 2 ? null : TimeSpan.FromSeconds(seconds);
    }
}
