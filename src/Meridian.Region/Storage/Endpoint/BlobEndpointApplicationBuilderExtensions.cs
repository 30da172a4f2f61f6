using Meridian.Region.Storage.Endpoint;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The blob listener's pipeline: every request goes to <see cref="BlobEndpoint"/>.</summary>
public static class BlobEndpointApplicationBuilderExtensions
{
    public static IApplicationBuilder UseMeridianBlobEndpoint(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolved now, so the storage keys and the store's directories exist from the first start.
        var endpoint = app.ApplicationServices.GetRequiredService<BlobEndpoint>();
        app.Run(endpoint.HandleAsync);
        return app;
    }
}
