using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Meridian.Region.Encoder;

/// <summary><see cref="IFfmpegRunner"/> over <see cref="Process"/>; ffmpeg reports progress with <c>-progress pipe:1 -nostats</c>.</summary>
public sealed class FfmpegRunner(TimeProvider time) : IFfmpegRunner
{
    private const int MaxCapturedChars = 64 * 1024;

    private readonly ConcurrentDictionary<int, bool> _running = new();

    public IReadOnlyCollection<int> Running => [.. _running.Keys];

    public async Task<ProcessOutcome> RunAsync(string executable, IReadOnlyList<string> arguments, Func<string, bool>? onOutputLine,
        TimeSpan timeout, TimeSpan stallAfter, ProcessPriorityClass priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var lastActivity = time.GetTimestamp();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stdout)
            {
                if (stdout.Length < MaxCapturedChars)
                {
                    stdout.AppendLine(e.Data);
                }
            }

            if (onOutputLine?.Invoke(e.Data) ?? true)
            {
                Interlocked.Exchange(ref lastActivity, time.GetTimestamp());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderr)
            {
                if (stderr.Length < MaxCapturedChars)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };

        process.Start();
        _running[process.Id] = true;
        var pid = process.Id;
        if (priority != ProcessPriorityClass.Normal)
        {
            // Set before ffmpeg starts its codec threads (it first loads its libraries and opens the input); Linux keeps a
            // nice value per thread and new threads inherit it.
            SetPriority(process, priority);
        }

        using var killOnCancel = cancellationToken.Register(() => Kill(process));
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var started = time.GetTimestamp();
            var timedOut = false;
            var stalled = false;
            using var exited = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var wait = process.WaitForExitAsync(exited.Token);
            while (!wait.IsCompleted)
            {
                await Task.WhenAny(wait, Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None));
                if (cancellationToken.IsCancellationRequested)
                {
                    Kill(process);
                    await process.WaitForExitAsync(CancellationToken.None);
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (wait.IsCompleted)
                {
                    break;
                }

                if (time.GetElapsedTime(started) > timeout)
                {
                    timedOut = true;
                }
                else if (time.GetElapsedTime(Interlocked.Read(ref lastActivity)) > stallAfter)
                {
                    stalled = true;
                }

                if (timedOut || stalled)
                {
                    Kill(process);
                    await process.WaitForExitAsync(CancellationToken.None);
                    break;
                }
            }

            await process.WaitForExitAsync(CancellationToken.None);
            string output, error;
            lock (stdout)
            {
                output = stdout.ToString();
            }

            lock (stderr)
            {
                error = stderr.ToString();
            }

            return new ProcessOutcome(process.ExitCode, output, error, timedOut, stalled);
        }
        finally
        {
            if (!process.HasExited)
            {
                Kill(process);
            }

            _running.TryRemove(pid, out _);
        }
    }

    private static void SetPriority(Process process, ProcessPriorityClass priority)
    {
        try
        {
            process.PriorityClass = priority;
        }
        catch (InvalidOperationException)
        {
            // Already exited: the outcome says why.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Not permitted (a raise without privileges): it runs at the normal priority.
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while we kill it.
        }
    }
}
