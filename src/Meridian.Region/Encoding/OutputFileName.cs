using System.Globalization;

namespace Meridian.Region.Encoder;

/// <summary>
/// An <c>Mp4Format.filenamePattern</c> turned into one output file name. The name becomes both a file in the job's
/// output directory, which ffmpeg writes with <c>-y</c>, and a blob in the output asset, so it must be one plain path
/// segment: a <c>/</c>, <c>..</c> or rooted name from the pattern or a label would write outside the job's directory.
/// </summary>
public static class OutputFileName
{
    /// <summary>The pattern with its macros replaced; <c>.mp4</c> is appended when the result does not end with it.</summary>
    public static string Expand(string pattern, string baseName, string label, int kbps, string codec, string resolution)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var name = pattern.Replace("{Basename}", baseName, StringComparison.OrdinalIgnoreCase)
            .Replace("{Label}", label, StringComparison.OrdinalIgnoreCase)
            .Replace("{Bitrate}", kbps.ToString(CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase)
            .Replace("{Codec}", codec, StringComparison.OrdinalIgnoreCase)
            .Replace("{Resolution}", resolution, StringComparison.OrdinalIgnoreCase)
            .Replace("{Extension}", ".mp4", StringComparison.OrdinalIgnoreCase);
        return name.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) ? name : name + ".mp4";
    }
}
