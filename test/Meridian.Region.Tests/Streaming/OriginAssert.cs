using System.Text;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Streaming;

/// <summary>Assertions on origin answers: status and the <c>x-ms-error-code</c> MPE code.</summary>
public static class OriginAssert
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static async Task ErrorAsync(Uri url, int status, string? code)
    {
        using var response = await Http.GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, $"{url}: expected {status} {code}, got {(int)response.StatusCode} {body}");
        if (code is not null)
        {
            Assert.True(response.Headers.TryGetValues("x-ms-error-code", out var codes), $"{url}: no x-ms-error-code header");
            Assert.Equal(code, codes.Single());
        }
    }

    public static async Task OkAsync(Uri url)
    {
        using var response = await Http.GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        Assert.NotEmpty(body);
    }

    /// <summary>Sends <paramref name="target"/> byte for byte (no client normalization of dots or escapes).</summary>
    public static async Task RawErrorAsync(Uri streaming, string target, int status, string code)
    {
        var (actual, response) = await RawHttp.SendAsync(streaming, "GET", target, authorization: null);
        Assert.True(actual == status, $"{target}: expected {status}, got {actual}\n{response}");
        var header = response.Split("\r\n").FirstOrDefault(l => l.StartsWith("x-ms-error-code:", StringComparison.OrdinalIgnoreCase));
        Assert.True(header is not null, $"{target}: no x-ms-error-code\n{response}");
        Assert.Equal(code, header["x-ms-error-code:".Length..].Trim());
    }
}
