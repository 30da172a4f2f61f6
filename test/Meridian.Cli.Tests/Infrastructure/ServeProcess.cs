using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Meridian.Cli.Client;
using Meridian.Cli.Stack;

namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>
/// One <c>meridian region serve</c> child process on 127.0.0.1 free ports over a given data directory, started the way an
/// operator would; <see cref="KillHard"/> is SIGKILL, so nothing in the region gets to clean up.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServeProcess(Process process, Connection connection)
    {
        _process = process;
        Connection = connection;
    }

    public Connection Connection { get; }

    public int Id => _process.Id;

    /// <summary>What the process wrote to stdout and stderr so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Four free loopback ports: control plane, streaming, key delivery, blob.</summary>
    public static int[] FreeLoopbackPorts()
    {
        var listeners = Enumerable.Range(0, 4).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    /// <summary>Starts the region and waits until its control plane answers.</summary>
    public static async Task<ServeProcess> StartAsync(string dataDirectory, string apiKeyFile, int[] ports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ports);
        var urls = $"controlplane=http://127.0.0.1:{ports[0]};streaming=http://127.0.0.1:{ports[1]};" +
            $"keydelivery=http://127.0.0.1:{ports[2]};blob=http://127.0.0.1:{ports[3]}";
        var process = new Process
        {
            StartInfo = CliProcess.StartInfo(["region", "serve", "--name", "region1", "--data", dataDirectory, "--urls", urls, "--api-key-file", apiKeyFile]),
        };
        var connection = new Connection(new Uri($"http://127.0.0.1:{ports[0]}/"), File.ReadAllText(apiKeyFile).Trim(),
            StackDefaults.Subscription, StackDefaults.ResourceGroup, StackDefaults.Account, new Uri($"http://127.0.0.1:{ports[1]}/"));
        var serve = new ServeProcess(process, connection);
        process.OutputDataReceived += (_, e) => serve.Append(e.Data);
        process.ErrorDataReceived += (_, e) => serve.Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new ControlPlaneClient(connection);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(process.HasExited, $"region serve exited early: {serve.Log}");
            Assert.True(DateTime.UtcNow < deadline, $"region serve did not answer within 60 s: {serve.Log}");
            try
            {
                await client.GetAsync("/subscriptions", cancellationToken);
                break;
            }
            catch (HttpRequestException)
            {
            }
            catch (ApiException)
            {
                break;
            }

            await Task.Delay(100, cancellationToken);
        }

        return serve;
    }

    /// <summary>SIGKILL to the region process only (its children, if any, are not signalled).</summary>
    public async Task KillHard()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
