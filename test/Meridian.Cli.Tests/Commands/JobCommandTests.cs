using System.Diagnostics;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.Commands;

public sealed class JobCommandTests
{
    [Fact]
    public async Task Submit_Wait_EncodesIntoANewAsset_AndListShowSeeTheJob()
    {
        await using var region = await LocalRegion.StartAsync();
        using var directory = new TempDirectory();
        var clip = Path.Combine(directory.Path, "clip.mp4");
        await MakeClipAsync(clip, TestContext.Current.CancellationToken);
        Assert.Equal(0, (await region.RunAsync("asset", "upload", "src", clip)).ExitCode);

        var submitted = await region.RunAsync("job", "submit", "src", "--preset", "H264SingleBitrateSD", "--job", "j1", "--wait", "--timeout", "300");
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        Assert.Contains("Created transform H264SingleBitrateSD.", submitted.Out, StringComparison.Ordinal);
        Assert.Contains("Job j1 finished; output asset j1.", submitted.Out, StringComparison.Ordinal);

        var files = await region.RunAsync("asset", "files", "j1");
        Assert.True(files.ExitCode == 0, files.ToString());
        Assert.Matches(@"\.ism\b", files.Out);
        Assert.Matches(@"_\d+x\d+_\d+\.mp4", files.Out);

        var list = await region.RunAsync("job", "list");
        Assert.Matches(@"j1\s+\S\s+H264SingleBitrateSD\s+\S\s+Finished\s+\S\s+100%", list.Out);
        var shown = await region.RunAsync("job", "show", "j1");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("Finished", shown.Out, StringComparison.Ordinal);

        var transforms = await region.RunAsync("transform", "list");
        Assert.Contains("H264SingleBitrateSD", transforms.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_CorruptInput_EndsInErrorWithTheJobErrorCode()
    {
        await using var region = await LocalRegion.StartAsync();
        using var directory = new TempDirectory();
        var junk = Path.Combine(directory.Path, "junk.mp4");
        await File.WriteAllBytesAsync(junk, new byte[4096], TestContext.Current.CancellationToken);
        Assert.Equal(0, (await region.RunAsync("asset", "upload", "bad", junk)).ExitCode);
        Assert.Equal(0, (await region.RunAsync("transform", "create", "sd", "--preset", "H264SingleBitrateSD")).ExitCode);

        var submitted = await region.RunAsync("job", "submit", "bad", "--transform", "sd", "--job", "j2", "--wait", "--timeout", "300");

        Assert.Equal(1, submitted.ExitCode);
        Assert.Contains("job j2 ended Error", submitted.Err, StringComparison.Ordinal);
        Assert.Contains("ContentMalformed", submitted.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_LeavesAnExistingOutputAsItWas_AndRefusesAJobNameInUse()
    {
        // It once PUT the output asset before the job, wiping its description and alternate id, even when the job was then
        // refused; and "submitting" a job name in use only touched the old job.
        await using var region = await LocalRegion.StartAsync();
        Assert.Equal(0, (await region.RunAsync("asset", "create", "src")).ExitCode);
        Assert.Equal(0, (await region.RunAsync("asset", "create", "keep", "--description", "important", "--alternate-id", "alt42")).ExitCode);
        Assert.Equal(0, (await region.RunAsync("transform", "create", "sd", "--preset", "H264SingleBitrateSD")).ExitCode);

        var badPriority = await region.RunAsync("job", "submit", "src", "--transform", "sd", "--job", "j0", "--output", "keep", "--priority", "Urgent");
        var submitted = await region.RunAsync("job", "submit", "src", "--transform", "sd", "--job", "j1", "--output", "keep");
        var again = await region.RunAsync("job", "submit", "src", "--transform", "sd", "--job", "j1", "--output", "other");

        Assert.Equal(2, badPriority.ExitCode);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already has a job named j1", again.Err, StringComparison.Ordinal);
        var kept = await region.RunAsync("asset", "show", "keep");
        Assert.Contains("important", kept.Out, StringComparison.Ordinal);
        Assert.Contains("alt42", kept.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await region.RunAsync("asset", "show", "other")).ExitCode);

        // The same job name under a second transform: naming the job alone no longer picks one of the two.
        Assert.Equal(0, (await region.RunAsync("transform", "create", "aac", "--preset", "AACGoodQualityAudio")).ExitCode);
        Assert.Equal(0, (await region.RunAsync("job", "submit", "src", "--transform", "aac", "--job", "j1", "--output", "other")).ExitCode);
        var ambiguous = await region.RunAsync("job", "show", "j1");
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.Contains("each have a job named j1", ambiguous.Err, StringComparison.Ordinal);
        Assert.Equal(0, (await region.RunAsync("job", "show", "j1", "--transform", "aac")).ExitCode);
    }

    [Fact]
    public async Task Show_UnknownJob_SaysSo()
    {
        await using var region = await LocalRegion.StartAsync();
        var shown = await region.RunAsync("job", "show", "ghost");
        Assert.Equal(1, shown.ExitCode);
        Assert.Contains("ghost", shown.Err, StringComparison.Ordinal);
    }

    private static async Task MakeClipAsync(string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25", "-f", "lavfi", "-i", "sine=duration=2",
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-y", path,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var ffmpeg = Process.Start(start)!;
        var errors = await ffmpeg.StandardError.ReadToEndAsync(cancellationToken);
        await ffmpeg.WaitForExitAsync(cancellationToken);
        Assert.True(ffmpeg.ExitCode == 0, errors);
    }
}
