using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Auth;
using Meridian.Region.ControlPlane.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Meridian.Region.ControlPlane;

/// <summary>The control plane's pipeline: request ids, ARM errors, bearer auth, api-version, then the ARM routes.</summary>
public static class ControlPlaneApplicationBuilderExtensions
{
    private const string Providers = "/subscriptions/{subscription}/resourceGroups/{resourceGroup}/providers/Microsoft.Media/mediaServices";

    public static IApplicationBuilder UseMeridianControlPlane(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<ArmRequestIds>();
        app.UseMiddleware<ArmExceptionMiddleware>();
        app.UseMiddleware<RawTargetGuard>();
        app.UseMiddleware<ApiKeyAuthentication>();
        app.UseMiddleware<ApiVersions>();
        app.UseRouting();
        app.UseEndpoints(MapRoutes);
        app.Run(context => throw new ArmException(404, "NotFound", $"No resource or action is served at '{context.Request.Path}'."));
        return app;
    }

    private static void MapRoutes(IEndpointRouteBuilder e)
    {
        e.MapGet("/subscriptions/{subscription}/providers/Microsoft.Media/mediaServices",
            (HttpContext http, string subscription, AccountEndpoints accounts) => accounts.ListAsync(http, subscription, null));
        e.MapGet(Providers,
            (HttpContext http, string subscription, string resourceGroup, AccountEndpoints accounts) =>
                accounts.ListAsync(http, subscription, resourceGroup));
        e.MapGet(Providers + "/{account}",
            (HttpContext http, string subscription, string resourceGroup, string account, AccountEndpoints accounts) =>
                accounts.GetAsync(http, subscription, resourceGroup, account));
        e.MapPut(Providers + "/{account}",
            (HttpContext http, string subscription, string resourceGroup, string account, AccountEndpoints accounts) =>
                accounts.PutAsync(http, subscription, resourceGroup, account, patch: false));
        e.MapPatch(Providers + "/{account}",
            (HttpContext http, string subscription, string resourceGroup, string account, AccountEndpoints accounts) =>
                accounts.PutAsync(http, subscription, resourceGroup, account, patch: true));
        e.MapDelete(Providers + "/{account}",
            (HttpContext http, string subscription, string resourceGroup, string account, AccountEndpoints accounts) =>
                accounts.DeleteAsync(http, subscription, resourceGroup, account));
        e.MapStreamingEndpointOperations(Providers + "/{account}");
        e.MapAccountEvents(Providers + "/{account}");
        e.Map(Providers + "/{account}/{**rest}",
            (HttpContext http, string subscription, string resourceGroup, string account, string rest, ResourceEndpoints resources) =>
            {
                NameRules.Subscription(subscription);
                NameRules.ResourceGroup(resourceGroup);
                NameRules.Account(account.ToLowerInvariant());
                return resources.HandleAsync(http, subscription, resourceGroup, account, rest);
            });
    }
}
