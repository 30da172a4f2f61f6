using System.Globalization;
using System.Text;
using System.Xml;

namespace Meridian.Media.Packaging;

/// <summary>Invariant, exact number and document formatting shared by the renderers.</summary>
internal static class ManifestText
{
    private static readonly Dictionary<string, string> TwoLetter = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ara"] = "ar", ["chi"] = "zh", ["zho"] = "zh", ["cze"] = "cs", ["ces"] = "cs", ["dan"] = "da", ["dut"] = "nl",
        ["nld"] = "nl", ["eng"] = "en", ["fin"] = "fi", ["fre"] = "fr", ["fra"] = "fr", ["ger"] = "de", ["deu"] = "de",
        ["gre"] = "el", ["ell"] = "el", ["heb"] = "he", ["hin"] = "hi", ["hun"] = "hu", ["ita"] = "it", ["jpn"] = "ja",
        ["kor"] = "ko", ["nor"] = "no", ["pol"] = "pl", ["por"] = "pt", ["rum"] = "ro", ["ron"] = "ro", ["rus"] = "ru",
        ["spa"] = "es", ["swe"] = "sv", ["tha"] = "th", ["tur"] = "tr", ["ukr"] = "uk", ["vie"] = "vi",
    };

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><paramref name="value"/>/<paramref name="timescale"/> seconds with exactly six decimals (half away from zero).</summary>
    public static string Seconds6(long value, long timescale) =>
        Math.Round((decimal)value / timescale, 6, MidpointRounding.AwayFromZero).ToString("0.000000", CultureInfo.InvariantCulture);

    /// <summary>xs:duration of a 100-ns span, exact: <c>PT12.48S</c>.</summary>
    public static string XsDuration(long hns)
    {
        var whole = hns / Timeline.Timescale;
        var fraction = (hns % Timeline.Timescale).ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
        return fraction.Length == 0 ? $"PT{whole}S" : $"PT{whole}.{fraction}S";
    }

    /// <summary>An RFC 5646 tag for HLS/DASH: ISO 639-2 codes that have a 639-1 equivalent are shortened.</summary>
    public static string? Bcp47(string language) =>
        language == "und" ? null : TwoLetter.TryGetValue(language, out var two) ? two : language;

    public static string FrameRate(PresentationTrack track, bool asDecimal)
    {
        var (num, den) = track.FrameRate;
        if (asDecimal)
        {
            return Math.Round((decimal)num / den, 3, MidpointRounding.AwayFromZero).ToString("0.000", CultureInfo.InvariantCulture);
        }

        return den == 1 ? Num(num) : $"{Num(num)}/{Num(den)}";
    }

    public static XmlWriter CreateXml(StringBuilder output)
    {
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            OmitXmlDeclaration = true,
        };
        output.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        return XmlWriter.Create(output, settings);
    }
}
