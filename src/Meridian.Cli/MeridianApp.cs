using Meridian.Cli.Assets;
using Meridian.Cli.Endpoints;
using Meridian.Cli.Jobs;
using Meridian.Cli.Locators;
using Meridian.Cli.Policies;
using Meridian.Cli.Regions;
using Meridian.Cli.Stack;
using Meridian.Cli.Tokens;
using Spectre.Console.Cli;

namespace Meridian.Cli;

/// <summary>The <c>meridian</c> command line: its verbs and how they are wired.</summary>
public static class MeridianApp
{
    public static Task<int> RunAsync(IEnumerable<string> args, Terminal terminal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("meridian");

            // An unknown option is a mistake (exit 2), never ignored: "--polcy aes" must not publish in the clear.
            config.UseStrictParsing();
            config.ConfigureConsole(terminal.Out);
            config.Settings.Registrar.RegisterInstance(terminal);
            config.Settings.Registrar.RegisterInstance(TimeProvider.System);
            config.SetExceptionHandler((exception, _) => Report(terminal, exception));

            config.AddCommand<UpCommand>("up")
                .WithDescription("Run a local stack of two regions until Ctrl-C; writes up.json into the data directory")
                .WithExample("up")
                .WithExample("up", "--data", "/tmp/meridian", "--base-port", "9080");

            config.AddBranch("region", region =>
            {
                region.SetDescription("Run a single region");
                region.AddCommand<RegionServeCommand>("serve")
                    .WithDescription("Serve one region in the foreground until Ctrl-C or SIGTERM")
                    .WithExample("region", "serve", "--name", "region1", "--data", "./data/region1",
                        "--urls", "controlplane=http://127.0.1.1:7080,streaming=http://127.0.1.1:7081,keydelivery=http://127.0.1.1:7082,blob=http://127.0.1.1:7083");
            });

            config.AddBranch("asset", asset =>
            {
                asset.SetDescription("Assets: containers of media files");
                asset.AddCommand<AssetCreateCommand>("create").WithDescription("Create an asset (or update its description)")
                    .WithExample("asset", "create", "movie1", "--description", "Trailer");
                asset.AddCommand<AssetUploadCommand>("upload").WithDescription("Upload files into an asset, creating it if needed")
                    .WithExample("asset", "upload", "movie1", "movie.mp4");
                asset.AddCommand<AssetListCommand>("list").WithDescription("List assets");
                asset.AddCommand<AssetShowCommand>("show").WithDescription("Show an asset");
                asset.AddCommand<AssetFilesCommand>("files").WithDescription("List the files in an asset");
                asset.AddCommand<AssetDeleteCommand>("delete").WithDescription("Delete an asset, its locators and its files");
            });

            config.AddBranch("policy", policy =>
            {
                policy.SetDescription("Content key policies and streaming policies");
                policy.AddBranch("content-key", key =>
                {
                    key.SetDescription("Content key policies: who may get the keys");
                    key.AddCommand<ContentKeyPolicyCreateCommand>("create").WithDescription("Create a ClearKey content key policy")
                        .WithExample("policy", "content-key", "create", "open1", "--open")
                        .WithExample("policy", "content-key", "create", "jwt1", "--token", "--issuer", "me", "--audience", "players");
                    key.AddCommand<ContentKeyPolicyListCommand>("list").WithDescription("List content key policies");
                    key.AddCommand<ContentKeyPolicyShowCommand>("show").WithDescription("Show a content key policy");
                    key.AddCommand<ContentKeyPolicyDeleteCommand>("delete").WithDescription("Delete a content key policy nothing names");
                });
                policy.AddBranch("streaming", streaming =>
                {
                    streaming.SetDescription("Streaming policies: encryption scheme and protocols");
                    streaming.AddCommand<StreamingPolicyCreateCommand>("create").WithDescription("Create a streaming policy")
                        .WithExample("policy", "streaming", "create", "aes1", "--scheme", "envelope", "--content-key-policy", "open1");
                    streaming.AddCommand<StreamingPolicyListCommand>("list").WithDescription("List streaming policies");
                    streaming.AddCommand<StreamingPolicyShowCommand>("show").WithDescription("Show a streaming policy");
                    streaming.AddCommand<StreamingPolicyDeleteCommand>("delete").WithDescription("Delete a streaming policy no locator uses");
                });
            });

            config.AddBranch("transform", transform =>
            {
                transform.SetDescription("Transforms: encoding recipes");
                transform.AddCommand<TransformCreateCommand>("create").WithDescription("Create a transform with a built-in preset")
                    .WithExample("transform", "create", "ladder", "--preset", "AdaptiveStreaming");
                transform.AddCommand<TransformListCommand>("list").WithDescription("List transforms");
                transform.AddCommand<TransformDeleteCommand>("delete").WithDescription("Delete a transform and its jobs");
            });

            config.AddBranch("job", job =>
            {
                job.SetDescription("Encoding jobs");
                job.AddCommand<JobSubmitCommand>("submit").WithDescription("Encode an asset into a new asset")
                    .WithExample("job", "submit", "movie1", "--preset", "AdaptiveStreaming", "--wait");
                job.AddCommand<JobListCommand>("list").WithDescription("List jobs of every transform");
                job.AddCommand<JobShowCommand>("show").WithDescription("Show a job");
                job.AddCommand<JobCancelCommand>("cancel").WithDescription("Cancel a job");
            });

            config.AddBranch("endpoint", endpoint =>
            {
                endpoint.SetDescription("Streaming endpoints: the origin serves an account's locators while one runs");
                endpoint.AddCommand<EndpointStartCommand>("start").WithDescription("Start a streaming endpoint and wait until it runs")
                    .WithExample("endpoint", "start");
                endpoint.AddCommand<EndpointStopCommand>("stop").WithDescription("Stop a streaming endpoint and wait until it stops");
                endpoint.AddCommand<EndpointListCommand>("list").WithDescription("List streaming endpoints");
            });

            config.AddBranch("locator", locator =>
            {
                locator.SetDescription("Streaming locators: publish assets");
                locator.AddCommand<LocatorCreateCommand>("create").WithDescription("Publish an asset under a streaming policy")
                    .WithExample("locator", "create", "movie1-clear", "--asset", "movie1");
                locator.AddCommand<LocatorListCommand>("list").WithDescription("List streaming locators");
                locator.AddCommand<LocatorPathsCommand>("paths").WithDescription("Print a locator's streaming URLs");
                locator.AddCommand<LocatorKeysCommand>("keys").WithDescription("Print a locator's content keys");
                locator.AddCommand<LocatorDeleteCommand>("delete").WithDescription("Unpublish a locator: its URLs and keys stop working");
            });

            config.AddCommand<TokenCommand>("token")
                .WithDescription("Mint a test JWT for a locator's token-restricted content key (only the token on stdout)")
                .WithExample("token", "movie1-aes")
                .WithExample("token", "movie1-aes", "--expires", "30m", "--max-uses", "2");
        });
        return app.RunAsync(args, cancellationToken);
    }

    /// <summary>
    /// Command-line mistakes (unknown verb, missing argument, invalid option) go to standard error with exit code 2; anything
    /// else reaching here is a bug, reported in full with exit code 1. API and network errors are handled by the verbs.
    /// </summary>
    private static int Report(Terminal terminal, Exception exception)
    {
        if (exception is CommandAppException usage)
        {
            if (usage.Pretty is { } pretty)
            {
                terminal.ErrorConsole.Write(pretty);
            }
            else
            {
                terminal.Error.WriteLine($"error: {usage.Message}");
            }

            return 2;
        }

        terminal.Error.WriteLine($"error: {exception}");
        return 1;
    }
}
