using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Meridian.Region.Streaming;

/// <summary>
/// HTTP semantics of the origin: CORS, strong ETags from content (so every region answers the same validator for the same
/// bytes), <c>If-None-Match</c>, single <c>Range</c>s, HEAD, and Cache-Control from the endpoint's <c>maxCacheAge</c>.
/// </summary>
public static class OriginHttp
{
    /// <summary>Default max-age of VOD manifests and fragments when the endpoint sets none. AMS defaulted to about a day.</summary>
    public const long DefaultMaxAgeSeconds = 86400;

    public static void AddCors(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "Content-Length, Content-Range, ETag, Date, x-ms-error-code";
    }

    /// <summary>Answers a CORS preflight.</summary>
    public static void WritePreflight(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        AddCors(context.Response);
        context.Response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
        context.Response.Headers.AccessControlAllowHeaders = context.Request.Headers.AccessControlRequestHeaders.Count > 0
            ? context.Request.Headers.AccessControlRequestHeaders.ToString()
            : "Range, Authorization, Content-Type";
        context.Response.Headers.AccessControlMaxAge = "86400";
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// The strong ETag of a body: its 128-bit XXH3 hash. A validator needs no cryptographic strength, and XXH3 runs at memory
    /// speed where SHA-256 would cost a millisecond per 2 s segment.
    /// </summary>
    public static string ETagOf(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[16];
        XxHash128.Hash(body, hash);
        return $"\"{Convert.ToHexStringLower(hash)}\"";
    }

    /// <summary>The ETag of a body in two pieces, header then payload: that of the two back to back.</summary>
    public static string ETagOf(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload)
    {
        if (header.IsEmpty)
        {
            return ETagOf(payload);
        }

        var state = new XxHash128();
        state.Append(header);
        state.Append(payload);
        Span<byte> hash = stackalloc byte[16];
        state.GetCurrentHash(hash);
        return $"\"{Convert.ToHexStringLower(hash)}\"";
    }

    /// <summary>Writes a generated body (manifest or segment) with validators, range and HEAD handling.</summary>
    public static Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> body, string contentType, long? maxAgeSeconds, string? etag = null) =>
        WriteAsync(context, ReadOnlyMemory<byte>.Empty, body, contentType, maxAgeSeconds, etag);

    /// <summary>
    /// Writes a generated body that lies in two pieces, <paramref name="header"/> then <paramref name="payload"/> (a segment
    /// whose samples were built apart from the boxes before them), as <see cref="WriteAsync(HttpContext, ReadOnlyMemory{byte}, string, long?, string?)"/>
    /// writes them back to back.
    /// </summary>
    public static async Task WriteAsync(
        HttpContext context, ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> payload, string contentType, long? maxAgeSeconds, string? etag = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        etag ??= ETagOf(header.Span, payload.Span);
        var length = header.Length + payload.Length;
        if (!Prepare(context, etag, contentType, maxAgeSeconds, length, out var range))
        {
            return;
        }

        var (start, count) = range is { } r ? ((int)r.Start, (int)(r.End - r.Start + 1)) : (0, length);
        context.Response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        if (range is null && count > WriteChunkBytes)
        {
            // A whole segment: one copy into the pipe's own memory instead of chunked writes that Kestrel copies into its
            // pipe 4 KiB block by block. The pipe then holds the whole body, as on the send-buffer paths.
            await WriteIntoPipeAsync(context, header, payload.Length, destination =>
            {
                payload.Span.CopyTo(destination.Span);
                return ValueTask.CompletedTask;
            });
            return;
        }

        // Ranges in pieces of at most 64 KiB, from the header on into the payload.
        var remaining = count - await WritePartAsync(context, header, start, count);
        await WritePartAsync(context, payload, Math.Max(start - header.Length, 0), remaining);
    }

    // Writes up to count bytes of part from start on in chunks; returns how many it wrote.
    private static async Task<int> WritePartAsync(HttpContext context, ReadOnlyMemory<byte> part, int start, int count)
    {
        if (start >= part.Length || count <= 0)
        {
            return 0;
        }

        var slice = part.Slice(start, Math.Min(part.Length - start, count));
        for (var offset = 0; offset < slice.Length; offset += WriteChunkBytes)
        {
            await context.Response.Body.WriteAsync(slice.Slice(offset, Math.Min(WriteChunkBytes, slice.Length - offset)), context.RequestAborted);
        }

        return slice.Length;
    }

    private const int WriteChunkBytes = 64 * 1024;

    /// <summary>
    /// Writes a segment whose validator is already known as its boxes (<paramref name="header"/>) followed by
    /// <paramref name="payloadLength"/> bytes that <paramref name="writePayload"/> produces straight into the response's
    /// send buffer (samples read and perhaps encrypted there, or a whole envelope segment encrypted into it). Kestrel would
    /// otherwise copy the whole body into that buffer, the largest cost of serving a segment after the socket itself. For
    /// whole-body GETs only; the caller builds HEAD and range answers from the full body.
    /// </summary>
    public static async Task WriteSegmentAsync(
        HttpContext context, ReadOnlyMemory<byte> header, int payloadLength, Func<Memory<byte>, ValueTask> writePayload, string contentType,
        long? maxAgeSeconds, string etag)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(writePayload);
        if (!CanStreamSegment(context.Request))
        {
            throw new InvalidOperationException("Only whole-body GETs are written straight into the send buffer.");
        }

        var length = header.Length + payloadLength;
        if (!Prepare(context, etag, contentType, maxAgeSeconds, length, out _))
        {
            return;
        }

        context.Response.ContentLength = length;
        await WriteIntoPipeAsync(context, header, payloadLength, writePayload);
    }

    // Writes a prepared response's body as header bytes plus a payload produced in the pipe's own memory.
    private static async Task WriteIntoPipeAsync(
        HttpContext context, ReadOnlyMemory<byte> header, int payloadLength, Func<Memory<byte>, ValueTask> writePayload)
    {
        // Started first, so the headers are in the pipe and GetMemory hands out the pipe's own memory: asked for before the
        // start, Kestrel lends a staging buffer and copies it over in 4 KiB blocks once the headers are written.
        await context.Response.StartAsync(context.RequestAborted);
        var writer = context.Response.BodyWriter;
        writer.Write(header.Span);
        await writePayload(writer.GetMemory(payloadLength)[..payloadLength]);
        writer.Advance(payloadLength);
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Whether <see cref="WriteSegmentAsync"/> can answer the request: a GET without a <c>Range</c>.</summary>
    public static bool CanStreamSegment(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsGet(request.Method) && request.Headers.Range.Count == 0;
    }

    /// <summary>
    /// Answers 304 when the request's <c>If-None-Match</c> names <paramref name="etag"/>, before any body is produced.
    /// Returns false, having written nothing, otherwise.
    /// </summary>
    public static bool TryWriteNotModified(HttpContext context, string etag, string contentType, long? maxAgeSeconds)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IfNoneMatchHits(context.Request, etag) && !Prepare(context, etag, contentType, maxAgeSeconds, 0, out _);
    }

    /// <summary>Streams a byte range of a stored blob (progressive download).</summary>
    public static async Task WriteFileAsync(
        HttpContext context, Func<long, Memory<byte>, CancellationToken, ValueTask<int>> read, long length, string etag, string contentType,
        long? maxAgeSeconds)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(read);
        if (!Prepare(context, etag, contentType, maxAgeSeconds, length, out var range))
        {
            return;
        }

        var (start, end) = range is { } r ? (r.Start, r.End) : (0L, length - 1);
        context.Response.ContentLength = end - start + 1;
        if (HttpMethods.IsHead(context.Request.Method) || length == 0)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            var position = start;
            while (position <= end)
            {
                var want = (int)Math.Min(buffer.Length, end - position + 1);
                var got = await read(position, buffer.AsMemory(0, want), context.RequestAborted);
                if (got <= 0)
                {
                    throw new IOException("The blob ended before its recorded length.");
                }

                await context.Response.Body.WriteAsync(buffer.AsMemory(0, got), context.RequestAborted);
                position += got;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes an origin error: the status, the MPE code in a header and a small JSON body.</summary>
    public static async Task WriteErrorAsync(HttpContext context, OriginException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        context.Response.Clear();
        AddCors(context.Response);
        context.Response.StatusCode = error.StatusCode;
        context.Response.Headers["x-ms-error-code"] = error.Code;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentType = "application/json; charset=utf-8";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorBody(new ErrorDetail(error.Code, error.Message)), ErrorJson);
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    private static readonly JsonSerializerOptions ErrorJson = new(JsonSerializerDefaults.Web);

    private sealed record ErrorBody(ErrorDetail Error);

    private sealed record ErrorDetail(string Code, string Message);

    private static bool IfNoneMatchHits(HttpRequest request, string etag)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        return ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) &&
            tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || string.Equals(t.Tag.Value, etag, StringComparison.Ordinal));
    }

    // Writes the common headers; false when the response is complete (304, 416).
    private static bool Prepare(HttpContext context, string etag, string contentType, long? maxAgeSeconds, long length, out (long Start, long End)? range)
    {
        range = null;
        var response = context.Response;
        AddCors(response);
        response.Headers.ETag = etag;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.CacheControl = "public, max-age=" + (maxAgeSeconds ?? DefaultMaxAgeSeconds).ToString(CultureInfo.InvariantCulture);
        response.ContentType = contentType;

        if (IfNoneMatchHits(context.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return false;
        }

        var rangeHeader = context.Request.Headers.Range;
        if (rangeHeader.Count == 0)
        {
            response.StatusCode = StatusCodes.Status200OK;
            return true;
        }

        // If-Range with a different validator means "send it all".
        var ifRange = context.Request.Headers.IfRange.ToString();
        if (ifRange.Length > 0 && !string.Equals(ifRange, etag, StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status200OK;
            return true;
        }

        if (!RangeHeaderValue.TryParse(rangeHeader.ToString(), out var parsed) || !string.Equals(parsed.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase) ||
            parsed.Ranges.Count != 1)
        {
            // RFC 9110 §14.2: a server may ignore a Range it does not support (several ranges) and send everything.
            response.StatusCode = StatusCodes.Status200OK;
            return true;
        }

        var item = parsed.Ranges.First();
        long start, end;
        if (item.From is { } from)
        {
            start = from;
            end = item.To is { } to ? Math.Min(to, length - 1) : length - 1;
        }
        else
        {
            var suffix = Math.Min(item.To ?? 0, length);
            start = length - suffix;
            end = length - 1;
        }

        if (start >= length || start > end || length == 0)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{length}";
            response.ContentLength = 0;
            return false;
        }

        response.StatusCode = StatusCodes.Status206PartialContent;
        response.Headers.ContentRange = $"bytes {start}-{end}/{length}";
        range = (start, end);
        return true;
    }
}
