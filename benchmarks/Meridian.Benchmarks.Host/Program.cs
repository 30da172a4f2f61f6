using Meridian.Region.Hosting;

namespace Meridian.Benchmarks.Host;

/// <summary>
/// Runs one region until SIGTERM/Ctrl+C:
/// <c>--name NAME --data DIR --api-key KEY --urls controlplane=http://127.0.0.1:P streaming=... keydelivery=... blob=...</c>.
/// Origin settings come from the environment as for <c>meridian region serve</c> (<c>Meridian__Origin__…</c>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["--print-ffmpeg", var preset, var input, var outputDirectory])
        {
            return await PrintFfmpeg.RunAsync(preset, input, outputDirectory);
        }

        var options = new RegionOptions { Name = "bench" };
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--name":
                    options.Name = args[++i];
                    break;
                case "--data":
                    options.DataDirectory = args[++i];
                    break;
                case "--api-key":
                    options.ApiKeys.Add(args[++i]);
                    break;
                case "--urls":
                    while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        options.Listeners.Add(RegionListener.Parse(args[++i]));
                    }

                    break;
                default:
                    await Console.Error.WriteLineAsync($"Unknown argument '{args[i]}'.");
                    return 2;
            }
        }

        await using var server = RegionServer.Create(options);
        await server.StartAsync();
        Console.WriteLine($"ready pid={Environment.ProcessId} controlplane={server.Addresses.ControlPlane} streaming={server.Addresses.Streaming}");
        await server.WaitForShutdownAsync();
        return 0;
    }
}
