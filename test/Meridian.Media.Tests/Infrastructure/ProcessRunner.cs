using System.Diagnostics;

namespace Meridian.Media.Tests.Infrastructure;

/// <summary>Runs ffmpeg/ffprobe for real; a missing tool fails the test with a message saying how to install it.</summary>
public static class ProcessRunner
{
    public static async Task<byte[]> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var path = Locate(tool);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {path}.");
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', info.ArgumentList)} timed out.");
        }

        await copy;
        var stderr = await error;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}: {stderr}");
        }

        return output.ToArray();
    }

    private static string Locate(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{tool}' is required by the media tests and was not found on PATH. Install it (Debian: apt-get install ffmpeg).");
    }
}
