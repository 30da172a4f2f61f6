using System.Net.Http.Headers;

namespace Meridian.Region.Tests.Streaming;

/// <summary>
/// The first GET of a CMAF segment builds it whole and learns its ETag; later whole-body GETs write the samples straight
/// into Kestrel's send buffer (read there, or encrypted into it). Both must be the same bytes under the same validator,
/// and HEAD, ranges and revalidation must still agree with the built body.
/// </summary>
public static class RepeatedSegmentRequests
{
    public static async Task AssertSameAsBuiltAsync(HttpClient http, IEnumerable<Uri> segments, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(segments);
        foreach (var url in segments)
        {
            using var built = await http.GetAsync(url, ct);
            Assert.Equal(200, (int)built.StatusCode);
            var builtBytes = await built.Content.ReadAsByteArrayAsync(ct);
            for (var i = 0; i < 2; i++)
            {
                using var streamed = await http.GetAsync(url, ct);
                Assert.Equal(200, (int)streamed.StatusCode);
                Assert.Equal(builtBytes, await streamed.Content.ReadAsByteArrayAsync(ct));
                Assert.Equal(built.Headers.ETag, streamed.Headers.ETag);
                Assert.Equal(builtBytes.Length, streamed.Content.Headers.ContentLength);
                Assert.Equal(built.Content.Headers.ContentType, streamed.Content.Headers.ContentType);
            }

            // Ranges inside the boxes, across boxes and samples (an encrypted segment's first build keeps the two apart),
            // and at the end.
            var length = builtBytes.Length;
            foreach (var (from, to) in new (long?, long?)[] { (10, 99), (10, length - 11), (null, 100) })
            {
                using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, url);
                rangeRequest.Headers.Range = new RangeHeaderValue(from, to);
                using var range = await http.SendAsync(rangeRequest, ct);
                Assert.Equal(206, (int)range.StatusCode);
                var start = from ?? length - to!.Value;
                var end = from is null ? length - 1 : to!.Value;
                Assert.Equal(builtBytes[(int)start..(int)(end + 1)], await range.Content.ReadAsByteArrayAsync(ct));
            }

            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), ct);
            Assert.Equal(builtBytes.Length, head.Content.Headers.ContentLength);

            using var revalidation = new HttpRequestMessage(HttpMethod.Get, url);
            revalidation.Headers.IfNoneMatch.Add(built.Headers.ETag!);
            using var notModified = await http.SendAsync(revalidation, ct);
            Assert.Equal(304, (int)notModified.StatusCode);
        }
    }
}
