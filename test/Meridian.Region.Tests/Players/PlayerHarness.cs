using System.Globalization;
using System.Text.Json;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Players;

/// <summary>
/// Plays a manifest to the end in a real player (hls.js, dash.js, Shaka Player) in headless Debian Chromium by running
/// <c>node test/players/play.mjs</c>, and returns its verdict. Needs <c>npm ci</c> in <c>test/players</c> and
/// <c>apt-get install chromium</c>; without them it throws with the command to run (tests fail, never skip).
/// At most two browsers run at once, to spare the machine.
/// </summary>
public static class PlayerHarness
{
    private static readonly SemaphoreSlim _browsers = new(2);

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    /// <summary>The folder with play.mjs and its node_modules.</summary>
    public static string PlayersDirectory => Path.Combine(RepoPaths.Root, "test", "players");

    /// <summary>The Chromium binary: <c>CHROMIUM_PATH</c> or Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<PlayerResult> PlayAsync(PlayerKind kind, Uri manifest, PlayerOptions? options = null)
    {
        options ??= new PlayerOptions();
        EnsurePrerequisites();
        var arguments = Arguments(kind, manifest, options);
        await _browsers.WaitAsync();
        (int ExitCode, string Output) run;
        try
        {
            run = await ProcessRunner.RunAsync(
                "node", arguments, PlayersDirectory, new Dictionary<string, string> { ["CHROMIUM_PATH"] = ChromiumPath },
                options.Timeout + TimeSpan.FromSeconds(30));
        }
        finally
        {
            _browsers.Release();
        }

        var line = run.Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"play.mjs printed no JSON result (exit {run.ExitCode}):\n{run.Output}");
        PlayerResult? result;
        try
        {
            result = JsonSerializer.Deserialize<PlayerResult>(line, _json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"play.mjs printed unreadable JSON ({e.Message}):\n{run.Output}", e);
        }

        result = (result ?? new PlayerResult()) with { ExitCode = run.ExitCode, RawOutput = run.Output };
        if (result.SetupError is not null || result.UsageError is not null)
        {
            throw new InvalidOperationException($"play.mjs could not run: {result.SetupError ?? result.UsageError}\n{run.Output}");
        }

        return result;
    }

    /// <summary>The play.mjs command line for these options (without <c>node play.mjs</c>).</summary>
    public static IReadOnlyList<string> Arguments(PlayerKind kind, Uri manifest, PlayerOptions options)
    {
        var args = new List<string>
        {
            "play.mjs",
            "--player", kind.ToString().ToLowerInvariant(),
            "--url", manifest.AbsoluteUri,
            "--timeout", Seconds(options.Timeout),
            "--stall-timeout", Seconds(options.StallTimeout),
            "--playback-rate", options.PlaybackRate.ToString(CultureInfo.InvariantCulture),
        };
        if (options.ClearKey is { } key)
        {
            args.AddRange(["--clearkey", key.ToString()]);
        }

        if (options.LicenseUrl is { } license)
        {
            args.AddRange(["--license-url", license.AbsoluteUri]);
        }

        foreach (var (name, value) in options.KeyHeaders)
        {
            args.AddRange(["--header", name + ":" + value]);
        }

        foreach (var (name, value) in options.AllHeaders)
        {
            args.AddRange(["--all-header", name + ":" + value]);
        }

        if (options.ExpectDuration is { } duration)
        {
            args.AddRange(["--expect-duration", duration.ToString(CultureInfo.InvariantCulture)]);
            args.AddRange(["--duration-tolerance", options.DurationTolerance.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.Mss)
        {
            args.Add("--mss");
        }

        if (options.Strict)
        {
            args.Add("--strict");
        }

        if (options.AllowFailedRequests)
        {
            args.Add("--allow-failed-requests");
        }

        return args;
    }

    private static string Seconds(TimeSpan span) => Math.Max(1, Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static void EnsurePrerequisites()
    {
        var missing = new List<string>();
        if (!File.Exists(Path.Combine(PlayersDirectory, "play.mjs")))
        {
            missing.Add($"{PlayersDirectory}/play.mjs is missing");
        }

        foreach (var package in new[] { "playwright-core", "hls.js", "dashjs", "shaka-player" })
        {
            if (!Directory.Exists(Path.Combine(PlayersDirectory, "node_modules", package)))
            {
                missing.Add($"npm package {package} is not installed: run `npm ci --prefix test/players`");
                break;
            }
        }

        if (!File.Exists(ChromiumPath))
        {
            missing.Add($"Chromium is not at {ChromiumPath}: run `apt-get install -y chromium` (or set CHROMIUM_PATH)");
        }

        if (!OnPath("node"))
        {
            missing.Add("node is not on PATH: install Node.js 20+");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException("The player harness cannot run:\n  " + string.Join("\n  ", missing));
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));
}
