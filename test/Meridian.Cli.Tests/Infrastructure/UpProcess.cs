using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Meridian.Cli.Stack;

namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>A <c>meridian up</c> running in the background as its own process, with its output collected.</summary>
public sealed class UpProcess : IAsyncDisposable
{
    private const int SigInt = 2;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private UpProcess(string dataDirectory, Process process)
    {
        DataDirectory = dataDirectory;
        _process = process;
    }

    public string DataDirectory { get; }

    public int Id => _process.Id;

    /// <summary>Everything <c>up</c> and its regions printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static UpProcess Start(string dataDirectory, int basePort)
    {
        var process = new Process
        {
            StartInfo = CliProcess.StartInfo(["up", "--data", dataDirectory, "--base-port", basePort.ToString(CultureInfo.InvariantCulture)]),
        };
        var up = new UpProcess(dataDirectory, process);
        process.OutputDataReceived += (_, e) => up.Append(e.Data);
        process.ErrorDataReceived += (_, e) => up.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return up;
    }

    /// <summary>Waits until <c>up</c> has written <c>up.json</c>, i.e. both regions answer and have the account.</summary>
    public async Task<UpFile> WaitForUpFileAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(DataDirectory, StackDefaults.UpFileName);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"meridian up exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            if (File.Exists(path))
            {
                return UpFile.Read(path)!;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"meridian up wrote no up.json within {ReadyTimeout}:\n{Output}");
    }

    /// <summary>Sends SIGINT, as Ctrl-C would (to <c>up</c> only, not to its regions).</summary>
    public void Interrupt()
    {
        if (Kill(_process.Id, SigInt) != 0)
        {
            throw new InvalidOperationException($"kill -INT {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for <c>up</c> to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"meridian up did not exit within a minute; it printed:\n{Output}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        foreach (var pid in RegionProcesses.Find(DataDirectory))
        {
            try
            {
                using var orphan = Process.GetProcessById(pid);
                orphan.Kill();
            }
            catch (ArgumentException)
            {
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
