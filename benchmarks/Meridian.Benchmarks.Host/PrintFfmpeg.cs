using Meridian.Region.ControlPlane.Transforms;
using Meridian.Region.Encoder;

namespace Meridian.Benchmarks.Host;

/// <summary>
/// <c>--print-ffmpeg PRESET INPUT OUTDIR</c>: probes INPUT and prints the ffmpeg command Meridian runs for the built-in
/// PRESET (<c>ALL</c> line, one decode split to every layer), then one command per rendition with the same settings
/// (<c>ONE</c> lines), each as shell-quoted arguments, for benchmarks/encoding/run.sh.
/// </summary>
public static class PrintFfmpeg
{
    public static async Task<int> RunAsync(string preset, string input, string outputDirectory)
    {
        var options = new EncodingOptions();
        var source = await SourceProbe.ProbeAsync(new FfmpegRunner(TimeProvider.System), options, input, CancellationToken.None);
        var plan = PresetPlanner.Plan(new BuiltInStandardEncoderPreset { PresetName = Enum.Parse<EncoderNamedPreset>(preset) }, source, "clip");
        Console.WriteLine("ALL " + Quote(FfmpegCommand.Build(plan, source, input, outputDirectory, null, null, options)));
        foreach (var rendition in plan.Renditions)
        {
            Console.WriteLine("ONE " + Quote(FfmpegCommand.Build(plan with { Renditions = [rendition] }, source, input, outputDirectory, null, null, options)));
        }

        return 0;
    }

    private static string Quote(IReadOnlyList<string> arguments) =>
        "ffmpeg " + string.Join(' ', arguments.Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
}
