namespace Meridian.Cli.Client;

/// <summary>Which control plane to talk to, with which credential, about which Media Services account.</summary>
/// <param name="ControlPlane">The control plane's base URL, ending in '/'.</param>
/// <param name="ApiKey">The bearer credential.</param>
/// <param name="Subscription">The subscription id.</param>
/// <param name="ResourceGroup">The resource group.</param>
/// <param name="Account">The Media Services account.</param>
/// <param name="Streaming">The region's streaming base URL when known (from <c>up.json</c>); locator paths are relative to it.</param>
public sealed record Connection(Uri ControlPlane, string ApiKey, string Subscription, string ResourceGroup, string Account, Uri? Streaming)
{
    /// <summary>The account's ARM path, e.g. <c>/subscriptions/…/resourceGroups/…/providers/Microsoft.Media/mediaServices/…</c>.</summary>
    public string AccountPath =>
        $"/subscriptions/{Uri.EscapeDataString(Subscription)}/resourceGroups/{Uri.EscapeDataString(ResourceGroup)}" +
        $"/providers/Microsoft.Media/mediaServices/{Uri.EscapeDataString(Account)}";
}
