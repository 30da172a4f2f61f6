using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Meridian.Cli.Client;

namespace Meridian.Cli.Assets;

/// <summary>Reaches an asset's blob container the AMS way: a SAS URL from <c>listContainerSas</c>, then the Azure Blob client.</summary>
public static class AssetContainers
{
    /// <summary>How long the SAS URLs the CLI asks for stay valid. AMS allows less than 24 hours.</summary>
    public static readonly TimeSpan SasLifetime = TimeSpan.FromHours(1);

    /// <summary>A client for the asset's container, with <paramref name="permissions"/> (<c>Read</c>, <c>ReadWrite</c>, …).</summary>
    public static async Task<BlobContainerClient> OpenAsync(
        ControlPlaneClient client, string asset, string permissions, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(time);
        var body = new JsonObject
        {
            ["permissions"] = permissions,
            ["expiryTime"] = time.GetUtcNow().Add(SasLifetime).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        var response = await client.PostAsync($"assets/{ControlPlaneClient.Segment(asset)}/listContainerSas", body, cancellationToken);
        var url = response.RequiredBody["assetContainerSasUrls"] is JsonArray { Count: > 0 } urls ? urls[0]?.GetValue<string>() : null;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var sas))
        {
            throw new ApiException(response.Status, "InvalidResponse", "listContainerSas returned no container URL.");
        }

        return new BlobContainerClient(sas);
    }
}
