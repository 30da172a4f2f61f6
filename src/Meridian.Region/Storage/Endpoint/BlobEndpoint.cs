using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Meridian.Region.Hosting;
using Meridian.Region.Storage.Sas;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.Storage.Endpoint;

/// <summary>
/// The region's Azure Blob REST-compatible endpoint, IP-style: <c>http://{ip}:{port}/{account}/{container}[/{blob}]</c>,
/// authorized only by container SAS tokens from <c>listContainerSas</c>. It serves what the Azure SDK needs to move asset
/// files: Put Blob, Put Block, Put Block List, List Blobs, Get Blob (ranges), Get Blob Properties, Set Blob
/// Properties/Metadata, Delete Blob and Get Container Properties. Containers themselves are managed through assets.
/// <para>
/// Every request is checked in this order, before any body is read: the path (raw, so <c>..</c> is seen), the account,
/// the container name, the SAS (signature, time, container), the blob name, the permission for the operation.
/// </para>
/// </summary>
public sealed partial class BlobEndpoint(
    IBlobStore store,
    ContainerSas sas,
    IContainerOwners owners,
    BlobEndpointOptions options,
    RegionContext region,
    TimeProvider time,
    ILogger<BlobEndpoint> logger)
{
    /// <summary>The type of a blob stored without one.</summary>
    public const string DefaultContentType = "application/octet-stream";

    private const string XmlContentType = "application/xml";

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var requestId = Guid.NewGuid().ToString();
        SetCommonHeaders(http, requestId);
        try
        {
            await DispatchAsync(http);
        }
        catch (BlobStorageException ex)
        {
            await WriteErrorAsync(http, requestId, ex.Status, ex.Code, ex.Message);
        }
        catch (Exception ex) when (http.RequestAborted.IsCancellationRequested &&
            ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The client went away; nothing is committed by an interrupted request.
        }
        catch (BadHttpRequestException ex)
        {
            // The body broke off or its framing was malformed; nothing was committed.
            await WriteErrorAsync(http, requestId, ex.StatusCode, BlobErrorCodes.InvalidBlobOrBlock,
                $"The specified blob or block content is invalid: {ex.Message}");
        }
        catch (Exception ex)
        {
            Log.Failed(logger, http.Request.Method, ex);
            await WriteErrorAsync(http, requestId, 500, BlobErrorCodes.InternalError, "The server encountered an internal error.");
        }
    }

    private async Task DispatchAsync(HttpContext http)
    {
        var request = http.Request;
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/";
        var path = BlobRequestPath.Parse(rawTarget);
        if (!string.Equals(path.Account, store.AccountName, StringComparison.Ordinal))
        {
            throw new BlobStorageException(400, BlobErrorCodes.InvalidUri,
                $"The requested URI does not represent any resource on the server: the storage account is '{store.AccountName}'.");
        }

        if (!BlobNames.IsValidContainer(path.Container))
        {
            throw new BlobStorageException(400, BlobErrorCodes.InvalidResourceName, "The specified resource name contains invalid characters.");
        }

        if (request.Headers.Authorization.Count > 0)
        {
            throw new BlobStorageException(403, BlobErrorCodes.AuthenticationFailed,
                "Server failed to authenticate the request: only shared access signatures are accepted, not Shared Key or OAuth.");
        }

        var owner = await owners.OwnerAsync(path.Container, http.RequestAborted);
        var granted = sas.Verify(request.Query, path.Container, owner, time.GetUtcNow());
        var comp = request.Query["comp"].ToString();
        var method = request.Method;

        if (path.Blob is null)
        {
            if (request.Query["restype"].ToString() != "container")
            {
                throw new BlobStorageException(400, BlobErrorCodes.InvalidUri, "The requested URI does not represent any resource on the server.");
            }

            switch (method, comp)
            {
                case ("GET", "list"):
                    Require(granted, SasPermissions.List);
                    await ListBlobsAsync(http, path.Container);
                    return;
                case ("GET" or "HEAD", ""):
                    Require(granted, SasPermissions.Read | SasPermissions.List, any: true);
                    GetContainerProperties(http, path.Container);
                    return;
                case ("PUT" or "DELETE", _):
                    throw new BlobStorageException(403, BlobErrorCodes.AuthorizationPermissionMismatch,
                        "This request is not authorized to perform this operation: containers are created and deleted with their assets.");
                case ("GET" or "HEAD" or "PUT" or "DELETE", _):
                    throw UnsupportedComp();
                default:
                    throw UnsupportedVerb(method);
            }
        }

        BlobNames.RequireBlobName(path.Blob);
        var container = path.Container;
        var blob = path.Blob;
        switch (method, comp)
        {
            case ("GET", ""):
                Require(granted, SasPermissions.Read);
                await GetBlobAsync(http, container, blob, includeBody: true);
                return;
            case ("HEAD", ""):
                Require(granted, SasPermissions.Read);
                await GetBlobAsync(http, container, blob, includeBody: false);
                return;
            case ("PUT", ""):
                await PutBlobAsync(http, container, blob, granted);
                return;
            case ("PUT", "block"):
                Require(granted, SasPermissions.Write | SasPermissions.Create, any: true);
                await PutBlockAsync(http, container, blob);
                return;
            case ("PUT", "blocklist"):
                await PutBlockListAsync(http, container, blob, granted);
                return;
            case ("PUT", "properties"):
                Require(granted, SasPermissions.Write);
                Respond(http, 200, store.SetContentProperties(container, blob, BlobRequestHeaders.Content(request, fromContentHeaders: false),
                    BlobRequestHeaders.Conditions(request)));
                return;
            case ("PUT", "metadata"):
                Require(granted, SasPermissions.Write);
                Respond(http, 200, store.SetMetadata(container, blob, BlobRequestHeaders.Metadata(request), BlobRequestHeaders.Conditions(request)));
                return;
            case ("DELETE", ""):
                Require(granted, SasPermissions.Delete);
                if (!store.DeleteBlob(container, blob, BlobRequestHeaders.Conditions(request)))
                {
                    throw store.ContainerExists(container) ? BlobStorageException.BlobNotFound() : BlobStorageException.ContainerNotFound();
                }

                http.Response.StatusCode = 202;
                http.Response.Headers["x-ms-delete-type-permanent"] = "true";
                return;
            case ("GET" or "HEAD" or "PUT" or "DELETE", _):
                throw UnsupportedComp();
            default:
                throw UnsupportedVerb(method);
        }
    }

    /// <summary>403 <c>AuthorizationPermissionMismatch</c> unless the SAS grants <paramref name="needed"/> (all, or any one).</summary>
    private static void Require(SasPermissions granted, SasPermissions needed, bool any = false)
    {
        var ok = any ? (granted & needed) != 0 : (granted & needed) == needed;
        if (!ok)
        {
            throw new BlobStorageException(403, BlobErrorCodes.AuthorizationPermissionMismatch,
                "This request is not authorized to perform this operation using this permission.");
        }
    }

    private void GetContainerProperties(HttpContext http, string container)
    {
        if (!store.ContainerExists(container))
        {
            throw BlobStorageException.ContainerNotFound();
        }

        http.Response.StatusCode = 200;
        http.Response.Headers["x-ms-lease-status"] = "unlocked";
        http.Response.Headers["x-ms-lease-state"] = "available";
        http.Response.Headers["x-ms-has-immutability-policy"] = "false";
        http.Response.Headers["x-ms-has-legal-hold"] = "false";
    }

    private async Task ListBlobsAsync(HttpContext http, string container)
    {
        var query = BlobListQuery.Parse(http.Request.Query);
        var page = store.List(container, query.Options);
        var next = page.NextMarker is null ? null : BlobListQuery.EncodeMarker(page.NextMarker);
        http.Response.StatusCode = 200;
        http.Response.ContentType = XmlContentType;
        var endpoint = $"{region.Addresses.Blob.GetLeftPart(UriPartial.Authority)}/{store.AccountName}/";
        await BlobListXml.WriteAsync(http.Response.Body, endpoint, container, query, page, next);
    }

    /// <summary>Headers every response carries: request id, service version, and the client's request id echoed.</summary>
    private static void SetCommonHeaders(HttpContext http, string requestId)
    {
        var headers = http.Response.Headers;
        headers["x-ms-request-id"] = requestId;
        headers["x-ms-version"] = http.Request.Headers["x-ms-version"] is { Count: 1 } version ? version.ToString() : ContainerSas.Version;
        if (http.Request.Headers["x-ms-client-request-id"] is { Count: 1 } clientId)
        {
            headers["x-ms-client-request-id"] = clientId;
        }
    }

    /// <summary>The ETag and Last-Modified of a write's result, with a status.</summary>
    private static void Respond(HttpContext http, int status, BlobInfo info)
    {
        http.Response.StatusCode = status;
        http.Response.Headers.ETag = info.ETag;
        http.Response.Headers.LastModified = info.LastModified.ToString("r", CultureInfo.InvariantCulture);
    }

    private async Task WriteErrorAsync(HttpContext http, string requestId, int status, string code, string message)
    {
        if (http.Response.HasStarted)
        {
            // Part of a body is on the wire; only a broken connection tells the client it is incomplete.
            http.Abort();
            return;
        }

        // A 416 says how long the blob is; everything else set before the failure goes.
        var contentRange = http.Response.Headers.ContentRange;
        http.Response.Clear();
        SetCommonHeaders(http, requestId);
        http.Response.StatusCode = status;
        if (status == 416)
        {
            http.Response.Headers.ContentRange = contentRange;
        }

        http.Response.Headers["x-ms-error-code"] = code;
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }

        var text = $"{message}\nRequestId:{requestId}\nTime:{time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffffffZ}";
        var body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>" +
            new XElement("Error", new XElement("Code", code), new XElement("Message", text)).ToString(SaveOptions.DisableFormatting);
        var bytes = Encoding.UTF8.GetBytes(body);
        http.Response.ContentType = XmlContentType;
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }

    private static BlobStorageException UnsupportedComp() => new(400, BlobErrorCodes.InvalidQueryParameterValue,
        "Value for one of the query parameters specified in the request URI is invalid: this 'comp' is not supported here.");

    private static BlobStorageException UnsupportedVerb(string method) =>
        new(405, BlobErrorCodes.UnsupportedHttpVerb, $"The resource doesn't support the specified HTTP verb '{method}'.");
}
