using System.Buffers;
using Meridian.Region.Storage.Sas;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.Storage.Endpoint;

public sealed partial class BlobEndpoint
{
    /// <summary>Put Blob: the whole block blob in one request, streamed to a temporary file and renamed into place.</summary>
    private async Task PutBlobAsync(HttpContext http, string container, string name, SasPermissions granted)
    {
        var request = http.Request;
        if (request.Headers.ContainsKey("x-ms-copy-source"))
        {
            throw new BlobStorageException(400, BlobErrorCodes.FeatureNotSupported, "Copy Blob is not supported by this server.");
        }

        var blobType = request.Headers["x-ms-blob-type"].ToString();
        if (blobType != "BlockBlob")
        {
            throw new BlobStorageException(400, blobType.Length == 0 ? "MissingRequiredHeader" : BlobErrorCodes.InvalidHeaderValue,
                "The x-ms-blob-type header must be 'BlockBlob': this server stores block blobs only.");
        }

        var conditions = WriteConditions(container, name, granted, BlobRequestHeaders.Conditions(request));
        CheckContentLength(request, options.MaxPutBlobBytes);
        var content = BlobRequestHeaders.Content(request, fromContentHeaders: true);
        var info = await store.WriteAsync(container, name, request.Body, new BlobWriteOptions
        {
            Content = content with { ContentMd5 = null },
            Metadata = BlobRequestHeaders.Metadata(request),
            Conditions = conditions,
            MaxLength = options.MaxPutBlobBytes,
            ExpectedMd5 = ExpectedMd5(BlobRequestHeaders.Md5(request, "Content-MD5"), content.ContentMd5),
        }, http.RequestAborted);
        Respond(http, 201, info);
        http.Response.Headers.ContentMD5 = info.Content.ContentMd5;
        http.Response.Headers["x-ms-request-server-encrypted"] = "false";
    }

    /// <summary>Put Block: stages one block of a blob under its base64 id.</summary>
    private async Task PutBlockAsync(HttpContext http, string container, string name)
    {
        var request = http.Request;
        if (request.Query["blockid"] is not { Count: 1 } blockId)
        {
            throw new BlobStorageException(400, "MissingRequiredQueryParameter", "A query parameter that's mandatory for this request is not specified: blockid.");
        }

        CheckContentLength(request, options.MaxBlockBytes);
        var md5 = await store.StageBlockAsync(container, name, blockId.ToString(), request.Body, options.MaxBlockBytes,
            BlobRequestHeaders.Md5(request, "Content-MD5"), http.RequestAborted);
        http.Response.StatusCode = 201;
        http.Response.Headers.ContentMD5 = md5;
        http.Response.Headers["x-ms-request-server-encrypted"] = "false";
    }

    /// <summary>Put Block List: assembles staged blocks into the blob.</summary>
    private async Task PutBlockListAsync(HttpContext http, string container, string name, SasPermissions granted)
    {
        var request = http.Request;
        var conditions = WriteConditions(container, name, granted, BlobRequestHeaders.Conditions(request));
        CheckContentLength(request, options.MaxBlockListBytes);
        using var body = await ReadLimitedAsync(request.Body, options.MaxBlockListBytes, http.RequestAborted);
        var ids = BlockListXml.Parse(body);
        var content = BlobRequestHeaders.Content(request, fromContentHeaders: false);
        var info = await store.CommitBlockListAsync(container, name, ids, new BlobWriteOptions
        {
            Content = content with { ContentMd5 = null },
            Metadata = BlobRequestHeaders.Metadata(request),
            Conditions = conditions,
            ExpectedMd5 = content.ContentMd5,
        }, http.RequestAborted);
        Respond(http, 201, info);
        http.Response.Headers["x-ms-request-server-encrypted"] = "false";
    }

    /// <summary>
    /// The preconditions of a write. Write permission allows any write; create permission alone allows only a new blob,
    /// which is enforced at commit with <c>If-None-Match: *</c> so a racing writer cannot be overwritten.
    /// </summary>
    private BlobConditions? WriteConditions(string container, string name, SasPermissions granted, BlobConditions? conditions)
    {
        if (granted.HasFlag(SasPermissions.Write))
        {
            return conditions;
        }

        Require(granted, SasPermissions.Create);
        if (store.GetInfo(container, name) is not null)
        {
            throw new BlobStorageException(403, BlobErrorCodes.AuthorizationPermissionMismatch,
                "This request is not authorized to perform this operation using this permission: the SAS may create blobs, not overwrite them.");
        }

        return (conditions ?? new BlobConditions()) with { IfNoneMatch = "*" };
    }

    private static void CheckContentLength(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            throw BlobStorageException.TooLarge(limit);
        }
    }

    /// <summary>The MD5 a body must have: <c>Content-MD5</c> and <c>x-ms-blob-content-md5</c> must agree when both are sent.</summary>
    private static string? ExpectedMd5(string? transactional, string? stored)
    {
        if (transactional is not null && stored is not null && transactional != stored)
        {
            throw new BlobStorageException(400, BlobErrorCodes.Md5Mismatch, "Content-MD5 and x-ms-blob-content-md5 differ.");
        }

        return transactional ?? stored;
    }

    private static async Task<MemoryStream> ReadLimitedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        var result = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (result.Length + read > limit)
                {
                    throw BlobStorageException.TooLarge(limit);
                }

                result.Write(buffer, 0, read);
            }
        }
        catch
        {
            await result.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        result.Position = 0;
        return result;
    }
}
