using System.Net;
using Meridian.Region.ControlPlane;
using Meridian.Region.KeyDelivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Meridian.Region.Streaming;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.Hosting;

/// <summary>
/// One region: a Kestrel server whose listeners each serve one role (control plane, streaming, key delivery, blob).
/// Requests are told apart by the listener they arrived on, as AMS told them apart by host name.
/// </summary>
public sealed class RegionServer : IAsyncDisposable
{
    private const string RoleItem = "meridian.role";
    private readonly WebApplication _app;
    private readonly List<(RegionListener Listener, ListenOptions Options)> _bound;
    private readonly FileStream _dataLock;

    private RegionServer(WebApplication app, List<(RegionListener, ListenOptions)> bound, FileStream dataLock)
    {
        _app = app;
        _bound = bound;
        _dataLock = dataLock;
    }

    public IServiceProvider Services => _app.Services;

    public RegionContext Context => _app.Services.GetRequiredService<RegionContext>();

    /// <summary>The bound addresses; valid after <see cref="StartAsync"/>.</summary>
    public RegionAddresses Addresses => Context.Addresses;

    /// <summary>Builds a region. <paramref name="configure"/> may adjust services and logging (tests use it).</summary>
    public static RegionServer Create(RegionOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ApplyDefaults();
        options.Validate();
        options.DataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(options.DataDirectory);
        var dataLock = LockDataDirectory(options.DataDirectory);
        try
        {
            return Create(options, configure, dataLock);
        }
        catch
        {
            dataLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One region process per data directory: two would write one SQLite database and one blob store. The lock is an
    /// exclusive open of <c>region.lock</c>, which the system releases when the process ends, however it ends.
    /// </summary>
    /// <exception cref="IOException">Another region holds the directory; the message says so.</exception>
    private static FileStream LockDataDirectory(string dataDirectory)
    {
        try
        {
            return new FileStream(Path.Combine(dataDirectory, "region.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsLockedElsewhere(e))
        {
            throw new IOException($"another region is already running with its data in {dataDirectory}.", e);
        }
    }

    /// <summary>
    /// Whether an exclusive open failed because another open holds the file: .NET reports the lock's refusal as the
    /// system's error, ERROR_SHARING_VIOLATION on Windows and EWOULDBLOCK from <c>flock</c> on Linux (11) and macOS (35).
    /// </summary>
    public static bool IsLockedElsewhere(IOException exception) =>
        exception?.HResult is unchecked((int)0x80070020) or 11 or 35;

    private static RegionServer Create(RegionOptions options, Action<WebApplicationBuilder>? configure, FileStream dataLock)
    {

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = options.DataDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(OriginOptions.Bind(builder.Configuration.GetSection(OriginOptions.ConfigurationSection)));
        builder.Services.AddMeridianRegion(options);
        configure?.Invoke(builder);

        var time = TimeProvider.System;
        var bound = new List<(RegionListener, ListenOptions)>();
        var httpsHosts = options.Listeners.Where(l => l.Url.Scheme == Uri.UriSchemeHttps).Select(l => l.Url.Host).ToList();
        var certificate = httpsHosts.Count == 0 ? null :
            SelfSignedCertificate.LoadOrCreate(Path.Combine(options.DataDirectory, "certs"), httpsHosts, time);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Each role enforces its own body limit (control plane 4 MiB, blob blocks larger).
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            foreach (var listener in options.Listeners)
            {
                var address = listener.Url.Host is "localhost" ? IPAddress.Loopback :
                    IPAddress.TryParse(listener.Url.Host, out var ip) ? ip :
                    throw new ArgumentException($"Listener host '{listener.Url.Host}' must be an IP address or localhost.");
                kestrel.Listen(address, listener.Url.Port, listen =>
                {
                    if (listener.Url.Scheme == Uri.UriSchemeHttps)
                    {
                        listen.UseHttps(certificate!);
                    }

                    var role = listener.Role;
                    listen.Use(next => connection =>
                    {
                        connection.Items[RoleItem] = role;
                        return next(connection);
                    });
                    bound.Add((listener, listen));
                });
            }
        });

        var app = builder.Build();
        Configure(app);
        return new RegionServer(app, bound, dataLock);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken);
        Uri Url(ListenerRole role, string scheme)
        {
            var match = _bound.First(b => b.Listener.Role == role && b.Listener.Url.Scheme == scheme);
            var endpoint = match.Options.IPEndPoint!;
            var host = match.Listener.Url.Host is "localhost" ? "localhost" : endpoint.Address.ToString();
            return new Uri($"{scheme}://{host}:{endpoint.Port}/");
        }

        bool Has(ListenerRole role, string scheme) => _bound.Any(b => b.Listener.Role == role && b.Listener.Url.Scheme == scheme);
        Context.Addresses = new RegionAddresses(
            Has(ListenerRole.ControlPlane, Uri.UriSchemeHttp) ? Url(ListenerRole.ControlPlane, Uri.UriSchemeHttp) : Url(ListenerRole.ControlPlane, Uri.UriSchemeHttps),
            Has(ListenerRole.ControlPlane, Uri.UriSchemeHttps) ? Url(ListenerRole.ControlPlane, Uri.UriSchemeHttps) : null,
            Url(ListenerRole.Streaming, Uri.UriSchemeHttp),
            Url(ListenerRole.KeyDelivery, Uri.UriSchemeHttp),
            Url(ListenerRole.Blob, Uri.UriSchemeHttp));
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Waits until the host is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _dataLock.DisposeAsync();
    }

    /// <summary>The role of the listener a request arrived on.</summary>
    public static ListenerRole? RoleOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(RoleItem, out var role) == true ? (ListenerRole)role! : null;
    }

    private static void Configure(WebApplication app)
    {
        app.MapWhen(c => RoleOf(c) == ListenerRole.ControlPlane, cp => cp.UseMeridianControlPlane());
        app.MapWhen(c => RoleOf(c) == ListenerRole.Blob, blob => blob.UseMeridianBlobEndpoint());
        app.MapWhen(c => RoleOf(c) == ListenerRole.Streaming,
            streaming => streaming.Run(c => c.RequestServices.GetRequiredService<StreamingEndpoint>().InvokeAsync(c)));
        app.MapWhen(c => RoleOf(c) == ListenerRole.KeyDelivery,
            keys => keys.Run(c => c.RequestServices.GetRequiredService<KeyDeliveryEndpoint>().InvokeAsync(c)));
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }
}
