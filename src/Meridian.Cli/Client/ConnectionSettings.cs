using System.ComponentModel;
using Meridian.Cli.Stack;
using Spectre.Console.Cli;

namespace Meridian.Cli.Client;

/// <summary>
/// Options every control-plane verb shares. The target comes from the <c>up.json</c> of a running <c>meridian up</c>
/// unless flags name it; flags win over the file.
/// </summary>
public class ConnectionSettings : CommandSettings
{
    [CommandOption("--data <DIR>")]
    [Description("Data directory of a running `meridian up`, whose up.json names the target. Default: ./.meridian")]
    public string Data { get; init; } = StackDefaults.DataDirectory;

    [CommandOption("--region <NAME>")]
    [Description("Region of up.json to talk to. Default: the first")]
    public string? Region { get; init; }

    [CommandOption("--endpoint <URL>")]
    [Description("Control plane base URL, instead of the one in up.json")]
    public string? Endpoint { get; init; }

    [CommandOption("--api-key <KEY>")]
    [Description("Bearer credential, instead of the one in up.json")]
    public string? ApiKey { get; init; }

    [CommandOption("--subscription <ID>")]
    [Description("Subscription id. Default: from up.json, else 00000000-0000-0000-0000-000000000000")]
    public string? Subscription { get; init; }

    [CommandOption("--resource-group <NAME>")]
    [Description("Resource group. Default: from up.json, else meridian")]
    public string? ResourceGroup { get; init; }

    [CommandOption("--account <NAME>")]
    [Description("Media Services account. Default: from up.json, else meridian")]
    public string? Account { get; init; }

    /// <summary>Works out the target from the flags and, where they are silent, <c>{Data}/up.json</c>.</summary>
    public Connection Resolve()
    {
        var upPath = Path.GetFullPath(Path.Combine(Data, StackDefaults.UpFileName));
        var up = UpFile.Read(upPath);
        if (up is null && (Endpoint is null || ApiKey is null))
        {
            throw new CliException(Endpoint is not null
                ? $"--endpoint needs --api-key (the control plane's bearer credential): {upPath}, which would name it, does not exist."
                : ApiKey is not null
                    ? $"--api-key needs --endpoint: {upPath}, which would name the control plane, does not exist."
                    : $"no running stack: {upPath} does not exist. Start one with `./meridian up`, or pass --endpoint and --api-key.");
        }

        UpRegion? region = null;
        if (up is not null)
        {
            if (Region is not null)
            {
                region = up.Regions.FirstOrDefault(r => string.Equals(r.Name, Region, StringComparison.OrdinalIgnoreCase)) ??
                    throw new CliException($"{upPath} has no region '{Region}'; it has {string.Join(", ", up.Regions.Select(r => r.Name))}.");
            }
            else if (Endpoint is null)
            {
                region = up.Regions.FirstOrDefault() ?? throw new CliException($"{upPath} lists no regions.");
            }
            else
            {
                region = up.Regions.FirstOrDefault(r => SameBase(r.ControlPlane, Endpoint) || (r.ControlPlaneHttps is { } s && SameBase(s, Endpoint)));
            }
        }
        else if (Region is not null)
        {
            throw new CliException($"--region needs a running stack, but {upPath} does not exist.");
        }

        var endpoint = Endpoint is null ? region!.ControlPlane : ParseEndpoint(Endpoint);
        return new Connection(
            endpoint,
            ApiKey ?? up!.ApiKey,
            Subscription ?? up?.Subscription ?? StackDefaults.Subscription,
            ResourceGroup ?? up?.ResourceGroup ?? StackDefaults.ResourceGroup,
            Account ?? up?.Account ?? StackDefaults.Account,
            region?.Streaming);
    }

    private static Uri ParseEndpoint(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"--endpoint '{text}' is not an http(s) URL.");
        }

        return new Uri(url.GetLeftPart(UriPartial.Authority) + "/");
    }

    private static bool SameBase(Uri known, string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var url) &&
        string.Equals(known.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}
