using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.Storage.Endpoint;

/// <summary>Reads the Azure Blob request headers: blob HTTP headers, metadata and preconditions.</summary>
internal static class BlobRequestHeaders
{
    private const string MetaPrefix = "x-ms-meta-";

    /// <summary>
    /// The headers to store. <c>x-ms-blob-*</c> names them; for Put Blob (<paramref name="fromContentHeaders"/>) the plain
    /// content headers of the request are the fallback, as in Azure.
    /// </summary>
    public static BlobContentProperties Content(HttpRequest request, bool fromContentHeaders)
    {
        string? Get(string blobHeader, string plainHeader)
        {
            var value = request.Headers[blobHeader].ToString();
            if (value.Length == 0 && fromContentHeaders)
            {
                value = request.Headers[plainHeader].ToString();
            }

            return value.Length == 0 ? null : value;
        }

        return new BlobContentProperties
        {
            ContentType = Get("x-ms-blob-content-type", "Content-Type"),
            ContentEncoding = Get("x-ms-blob-content-encoding", "Content-Encoding"),
            ContentLanguage = Get("x-ms-blob-content-language", "Content-Language"),
            ContentDisposition = Get("x-ms-blob-content-disposition", "Content-Disposition"),
            CacheControl = Get("x-ms-blob-cache-control", "Cache-Control"),
            ContentMd5 = Md5(request, "x-ms-blob-content-md5"),
        };
    }

    /// <summary>A base64 MD5 header (16 bytes), normalized; null if absent; 400 if malformed.</summary>
    public static string? Md5(HttpRequest request, string header)
    {
        var value = request.Headers[header].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        Span<byte> md5 = stackalloc byte[16];
        return Convert.TryFromBase64String(value, md5, out var written) && written == 16
            ? Convert.ToBase64String(md5)
            : throw new BlobStorageException(400, BlobErrorCodes.InvalidHeaderValue, $"The value of the header '{header}' is not a base64 MD5.");
    }

    /// <summary>The <c>x-ms-meta-*</c> headers, by name without the prefix.</summary>
    public static Dictionary<string, string> Metadata(HttpRequest request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[name[MetaPrefix.Length..]] = value.ToString();
            }
        }

        return metadata;
    }

    /// <summary>The HTTP preconditions, or null if there are none. Unparsable dates are ignored, as HTTP says.</summary>
    public static BlobConditions? Conditions(HttpRequest request)
    {
        static string? Text(HttpRequest request, string name) =>
            request.Headers[name].ToString() is { Length: > 0 } value ? value : null;

        static DateTimeOffset? Date(HttpRequest request, string name) =>
            DateTimeOffset.TryParseExact(Text(request, name), "r", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date) ? date : null;

        var conditions = new BlobConditions
        {
            IfMatch = Text(request, "If-Match"),
            IfNoneMatch = Text(request, "If-None-Match"),
            IfModifiedSince = Date(request, "If-Modified-Since"),
            IfUnmodifiedSince = Date(request, "If-Unmodified-Since"),
        };
        return conditions.IsEmpty ? null : conditions;
    }
}
