using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Storage;

/// <summary>Assets with SAS URLs, SDK clients that record their requests, raw HTTP, and snapshots of the blob store on disk.</summary>
internal static class BlobTestSupport
{
    /// <summary>Creates an asset and returns its container name.</summary>
    public static async Task<string> CreateAssetAsync(TestRegion region, string asset)
    {
        var (status, body) = await region.PutAsync($"assets/{asset}", new { properties = new { } });
        Assert.True(status is 200 or 201, $"asset create: {status} {body}");
        return (string)body!["properties"]!["container"]!;
    }

    /// <summary>An asset's assetId, which its container's SAS tokens are bound to.</summary>
    public static async Task<string> AssetIdAsync(TestRegion region, string asset) =>
        (string)(await region.GetAsync($"assets/{asset}")).Body!["properties"]!["assetId"]!;

    /// <summary>The two SAS URLs of an asset's container.</summary>
    public static async Task<string[]> ListSasAsync(TestRegion region, string asset, string permissions, DateTimeOffset expiry)
    {
        var (status, body) = await region.PostAsync($"assets/{asset}/listContainerSas", new { permissions, expiryTime = expiry });
        Assert.True(status == 200, $"listContainerSas: {status} {body}");
        return [.. body!["assetContainerSasUrls"]!.AsArray().Select(u => (string)u!)];
    }

    /// <summary>Creates an asset and returns its container and first SAS URL.</summary>
    public static async Task<(string Container, string SasUrl)> AssetWithSasAsync(
        TestRegion region, string asset, string permissions = "ReadWriteDelete", DateTimeOffset? now = null)
    {
        var container = await CreateAssetAsync(region, asset);
        var urls = await ListSasAsync(region, asset, permissions, (now ?? DateTimeOffset.UtcNow).AddHours(1));
        return (container, urls[0]);
    }

    /// <summary>A container client from a SAS URL, without retries, recording each request's method and query.</summary>
    public static BlobContainerClient Client(string sasUrl, List<string>? requests = null)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        if (requests is not null)
        {
            options.AddPolicy(new RecordingPolicy(requests), HttpPipelinePosition.PerCall);
        }

        return new BlobContainerClient(new Uri(sasUrl), options);
    }

    /// <summary>Every file under the region's blob directory: relative path → length and SHA-256.</summary>
    public static SortedDictionary<string, string> Snapshot(TestRegion region)
    {
        var root = Path.Combine(region.DataDirectory, "blobs");
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var bytes = File.ReadAllBytes(file);
            files[Path.GetRelativePath(root, file)] = $"{bytes.Length}:{Convert.ToHexString(SHA256.HashData(bytes))}";
        }

        return files;
    }

    public static string BlobFile(TestRegion region, string container, string name) =>
        Path.Combine(region.DataDirectory, "blobs", container, name.Replace('/', Path.DirectorySeparatorChar));

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Sends one HTTP/1.1 request over a plain socket with the request target exactly as given (no client-side
    /// normalization of '..', '%2e' or '\'), and returns the status, headers and body.
    /// </summary>
    public static async Task<RawResponse> SendRawAsync(Uri server, string method, string target, byte[]? body = null,
        IDictionary<string, string>? headers = null, bool chunked = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        var head = new StringBuilder();
        head.Append($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            head.Append($"{name}: {value}\r\n");
        }

        if (body is not null)
        {
            head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        try
        {
            if (body is not null && chunked)
            {
                for (var offset = 0; offset < body.Length; offset += 64 * 1024)
                {
                    var size = Math.Min(64 * 1024, body.Length - offset);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
                    await stream.WriteAsync(body.AsMemory(offset, size));
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }

                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            else if (body is not null)
            {
                await stream.WriteAsync(body);
            }
        }
        catch (IOException)
        {
            // The server may answer (413) and close before the whole body is sent; read what it said.
        }

        using var response = new MemoryStream();
        try
        {
            await stream.CopyToAsync(response);
        }
        catch (IOException)
        {
        }

        return RawResponse.Parse(response.ToArray());
    }

    private sealed class RecordingPolicy(List<string> requests) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            lock (requests)
            {
                requests.Add($"{message.Request.Method} {message.Request.Uri.Query}");
            }
        }
    }
}
