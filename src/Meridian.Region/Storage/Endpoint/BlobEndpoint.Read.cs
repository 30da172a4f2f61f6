using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.Storage.Endpoint;

public sealed partial class BlobEndpoint
{
    private const int ReadBufferSize = 128 * 1024;

    /// <summary>
    /// Get Blob and Get Blob Properties. A range (<c>x-ms-range</c>, else <c>Range</c>) answers 206 with
    /// <c>Content-Range</c>; a range past the end is 416 <c>InvalidRange</c> (which the Azure SDK expects for empty blobs).
    /// The body is copied from the opened file with a pooled buffer, so the version read is the version described.
    /// </summary>
    private async Task GetBlobAsync(HttpContext http, string container, string name, bool includeBody)
    {
        using var blob = store.OpenRead(container, name) ?? throw BlobStorageException.BlobNotFound();
        var info = blob.Info;
        var response = http.Response;
        var headers = response.Headers;
        headers.ETag = info.ETag;
        headers.LastModified = info.LastModified.ToString("r", CultureInfo.InvariantCulture);

        switch (BlobRequestHeaders.Conditions(http.Request)?.CheckRead(info))
        {
            case 304:
                response.StatusCode = 304;
                return;
            case 412:
                throw new BlobStorageException(412, BlobErrorCodes.ConditionNotMet, "The condition specified using HTTP conditional header(s) is not met.");
        }

        long offset = 0;
        var count = info.Length;
        var partial = false;
        var msRange = http.Request.Headers["x-ms-range"].ToString();
        var rangeHeader = msRange.Length > 0 ? msRange : http.Request.Headers.Range.ToString();
        if (rangeHeader.Length > 0)
        {
            if (HttpByteRange.TryParse(rangeHeader, out var range))
            {
                if (!range.TryResolve(info.Length, out offset, out count))
                {
                    headers.ContentRange = $"bytes */{info.Length}";
                    throw new BlobStorageException(416, BlobErrorCodes.InvalidRange, "The range specified is invalid for the current size of the resource.");
                }

                partial = true;
            }
            else if (msRange.Length > 0)
            {
                // A malformed standard Range header is ignored, as HTTP says; a malformed x-ms-range is an error, as in Azure.
                throw new BlobStorageException(400, BlobErrorCodes.InvalidHeaderValue, "The value for the x-ms-range header is not valid.");
            }
        }

        response.StatusCode = partial ? 206 : 200;
        response.ContentLength = count;
        response.ContentType = info.Content.ContentType ?? DefaultContentType;
        headers.AcceptRanges = "bytes";
        headers["x-ms-blob-type"] = "BlockBlob";
        headers["x-ms-creation-time"] = info.Created.ToString("r", CultureInfo.InvariantCulture);
        headers["x-ms-lease-status"] = "unlocked";
        headers["x-ms-lease-state"] = "available";
        headers["x-ms-server-encrypted"] = "false";
        if (partial)
        {
            headers.ContentRange = $"bytes {offset}-{offset + count - 1}/{info.Length}";
            if (info.Content.ContentMd5 is { } md5)
            {
                headers["x-ms-blob-content-md5"] = md5;
            }
        }
        else if (info.Content.ContentMd5 is { } md5)
        {
            headers.ContentMD5 = md5;
        }

        SetIfPresent(headers, "Content-Encoding", info.Content.ContentEncoding);
        SetIfPresent(headers, "Content-Language", info.Content.ContentLanguage);
        SetIfPresent(headers, "Content-Disposition", info.Content.ContentDisposition);
        SetIfPresent(headers, "Cache-Control", info.Content.CacheControl);
        foreach (var (key, value) in info.Metadata)
        {
            headers["x-ms-meta-" + key] = value;
        }

        if (includeBody && count > 0)
        {
            await CopyAsync(blob, offset, count, response.Body, http.RequestAborted);
        }
    }

    private static async Task CopyAsync(BlobReadHandle blob, long offset, long count, Stream output, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ReadBufferSize, count));
        try
        {
            while (count > 0)
            {
                var read = await blob.ReadAsync(offset, buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
                if (read == 0)
                {
                    throw new IOException("The blob's file is shorter than its recorded length.");
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                offset += read;
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void SetIfPresent(IHeaderDictionary headers, string name, string? value)
    {
        if (value is not null)
        {
            headers[name] = value;
        }
    }
}
