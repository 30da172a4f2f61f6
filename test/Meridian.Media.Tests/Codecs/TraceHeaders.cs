using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Meridian.Media.Tests.Codecs;

/// <summary>
/// The oracle: ffmpeg's <c>trace_headers</c> bitstream filter prints every syntax element of every NAL unit header it parses,
/// with its bit position in the unit's RBSP (emulation prevention bytes removed). A slice header ends after its last element
/// (for H.264 CABAC the cabac_alignment_one_bits, for H.265 byte_alignment()).
/// </summary>
public static partial class TraceHeaders
{
    /// <summary>One traced slice: the RBSP bit where its header ends, and the names of the elements it holds.</summary>
    public sealed record Slice(long EndBit, IReadOnlySet<string> Elements);

    /// <param name="path">The stream to trace.</param>
    /// <param name="inputFormat">ffmpeg's input format when it cannot be probed (raw streams).</param>
    /// <param name="outputFormat">The muxer the copy goes to; the null muxer needs the picture size, which hand-built
    /// streams with garbage slice data do not let ffmpeg find, and the raw muxers do not.</param>
    public static async Task<List<Slice>> SlicesAsync(string path, string? inputFormat = null, string outputFormat = "null")
    {
        var log = await RunAsync(path, inputFormat, outputFormat);
        var slices = new List<Slice>();
        HashSet<string>? elements = null;
        long end = 0;
        foreach (var raw in log.Split('\n'))
        {
            var line = LinePrefix().Match(raw);
            if (!line.Success)
            {
                continue;
            }

            var text = line.Groups[1].Value.TrimEnd('\r');
            var element = Element().Match(text);
            if (!element.Success)
            {
                Close();
                if (text is "Slice Header" or "Slice Segment Header")
                {
                    elements = [];
                    end = 0;
                }

                continue;
            }

            if (elements is not null)
            {
                var position = long.Parse(element.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                end = Math.Max(end, position + element.Groups[3].Value.Length);
                elements.Add(Subscript().Replace(element.Groups[2].Value, string.Empty));
            }
        }

        Close();
        return slices;

        void Close()
        {
            if (elements is not null)
            {
                slices.Add(new Slice(end, elements));
                elements = null;
            }
        }
    }

    /// <summary>The escaped length (emulation prevention bytes counted) of the first <paramref name="endBit"/> RBSP bits.</summary>
    public static int EscapedLength(ReadOnlySpan<byte> nalUnit, long endBit)
    {
        var rbspBytes = (endBit + 7) / 8;
        var zeros = 0;
        long taken = 0;
        for (var i = 0; i < nalUnit.Length; i++)
        {
            if (zeros >= 2 && nalUnit[i] == 3)
            {
                zeros = 0;
                continue;
            }

            zeros = nalUnit[i] == 0 ? zeros + 1 : 0;
            if (++taken == rbspBytes)
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"The NAL unit holds fewer than {rbspBytes} RBSP bytes.");
    }

    private static async Task<string> RunAsync(string path, string? inputFormat, string outputFormat)
    {
        var info = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] format = inputFormat is null ? [] : ["-f", inputFormat];
        foreach (var a in (string[])["-nostdin", "-nostats", "-hide_banner", .. format, "-i", path, "-map", "0:v:0", "-c:v", "copy",
            "-bsf:v", "trace_headers", "-f", outputFormat, "-"])
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start ffmpeg.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        await output;
        var log = await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg trace_headers exited {process.ExitCode}: {log[^Math.Min(log.Length, 2000)..]}");
        }

        return log;
    }

    [GeneratedRegex(@"\[trace_headers @ [^\]]+\] (.*)$")]
    private static partial Regex LinePrefix();

    [GeneratedRegex(@"^(\d+)\s+(\S+)\s+([01]+) = -?\d+$")]
    private static partial Regex Element();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Subscript();
}
