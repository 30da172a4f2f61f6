using System.Net;
using Meridian.Region.ControlPlane.Assets;
using Meridian.Region.ControlPlane.Jobs;
using Meridian.Region.Metadata;
using Meridian.Region.Storage;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.Encoder;

/// <summary>
/// Makes a job's input a local file: an asset's blob linked in place (copied only where the store cannot link), or
/// downloaded over HTTP with a time and size limit.
/// </summary>
public sealed class InputFetcher(IBlobStore blobs, IMetadataStore store, EncodingOptions options, ILogger<InputFetcher> logger) : IDisposable
{
    private static readonly string[] _notMedia = [".ism", ".ismc", ".json", ".xml", ".mpi", ".txt"];

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = true,
        ConnectTimeout = TimeSpan.FromSeconds(30),

        // Every connection, the first and each redirect's, goes only to an address inputs may come from, and to the
        // address that was checked (no second lookup a DNS answer could change).
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, options.HttpInputsFromLoopback, cancellationToken),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Returns the local path and the source's base name.</summary>
    public async Task<(string Path, string BaseName)> FetchAsync(EncodingQueueEntry entry, JobInput? input, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (input)
        {
            case JobInputAsset asset:
                try
                {
                    return await FromAssetAsync(entry, asset, directory, cancellationToken);
                }
                catch (BlobStorageException e)
                {
                    // A file name the store refuses, or the container deleted meanwhile.
                    throw new EncodingFailure(JobErrors.DownloadNotAccessible($"The input asset '{asset.AssetName}' could not be read: {e.Message}"), e);
                }

            case JobInputHttp http:
                return await FromHttpAsync(http, directory, cancellationToken);
            default:
                throw new EncodingFailure(JobErrors.ConfigurationUnsupported("The input type is not supported."));
        }
    }

    private async Task<(string, string)> FromAssetAsync(EncodingQueueEntry entry, JobInputAsset input, string directory, CancellationToken cancellationToken)
    {
        var container = await store.ReadAsync(s =>
        {
            var stored = s.Get(new ResourceKey(entry.AccountScope.Scope, AssetKind.CollectionName, input.AssetName!));
            return stored is null ? null : ControlPlane.Resources.ResourceDocument.Deserialize(stored.Body).Get<AssetProperties>().Container;
        }, cancellationToken) ?? throw new EncodingFailure(JobErrors.DownloadNotAccessible($"The input asset '{input.AssetName}' no longer exists."));

        string? name = input.Files is { Count: > 0 } files ? files[0] : null;
        if (name is null)
        {
            var candidates = blobs.List(container, new BlobListOptions()).Entries
                .Where(e => e.Blob is not null && !_notMedia.Contains(Path.GetExtension(e.Name).ToLowerInvariant()))
                .OrderByDescending(e => e.Blob!.Length).ToList();
            name = candidates.FirstOrDefault()?.Name ??
                throw new EncodingFailure(JobErrors.DownloadNotAccessible($"The input asset '{input.AssetName}' has no media file."));
        }

        var path = Path.Combine(directory, "input" + SafeExtension(name));
        if (blobs.TryLinkLocal(container, name, path))
        {
            // The encoder reads the committed blob in place: no copy of a mezzanine that may be tens of gigabytes.
            logger.LogDebug("Input {Container}/{Blob} linked in place.", container, name);
            return (path, BaseName(name));
        }

        using var handle = blobs.OpenRead(container, name) ??
            throw new EncodingFailure(JobErrors.DownloadNotAccessible($"The input asset '{input.AssetName}' has no file '{name}'."));
        await using (var file = File.Create(path))
        {
            var buffer = new byte[1 << 20];
            long offset = 0;
            int read;
            while ((read = await handle.ReadAsync(offset, buffer, cancellationToken)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                offset += read;
            }
        }

        logger.LogDebug("Input {Container}/{Blob} copied ({Bytes} bytes): the store could not link it.", container, name, handle.Length);
        return (path, BaseName(name));
    }

    private async Task<(string, string)> FromHttpAsync(JobInputHttp input, string directory, CancellationToken cancellationToken)
    {
        var uri = InputUri(input);
        var name = Uri.UnescapeDataString(uri.Segments.LastOrDefault()?.Trim('/') ?? "input");
        var path = Path.Combine(directory, "input" + SafeExtension(name));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.DownloadTimeout);
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new EncodingFailure(status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests
                    ? JobErrors.DownloadTransientError($"The input URL answered {status}.")
                    : JobErrors.DownloadNotAccessible($"The input URL answered {status} {response.ReasonPhrase}."));
            }

            if (response.Content.Headers.ContentLength > options.MaxInputBytes)
            {
                throw new EncodingFailure(TooLarge());
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            await using var file = File.Create(path);
            var buffer = new byte[1 << 20];
            long total = 0;
            int read;
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            while (true)
            {
                idle.CancelAfter(options.DownloadIdleTimeout);
                try
                {
                    read = await body.ReadAsync(buffer, idle.Token);
                }
                catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
                {
                    throw new EncodingFailure(JobErrors.DownloadTransientError(
                        $"The input URL sent nothing for {options.DownloadIdleTimeout}; the download was given up."));
                }

                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > options.MaxInputBytes)
                {
                    throw new EncodingFailure(TooLarge());
                }

                await file.WriteAsync(buffer.AsMemory(0, read), timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EncodingFailure(JobErrors.DownloadTransientError($"Downloading the input took longer than {options.DownloadTimeout}."));
        }
        catch (HttpRequestException e)
        {
            throw new EncodingFailure(JobErrors.DownloadNotAccessible($"The input URL could not be reached: {e.Message}"), e);
        }
        catch (IOException e)
        {
            // The connection ended before the body did (fewer bytes than Content-Length, a reset): worth another try.
            throw new EncodingFailure(JobErrors.DownloadTransientError($"The download of the input broke off: {e.Message}"), e);
        }
        catch (Exception e) when (e is UriFormatException or InvalidOperationException or NotSupportedException)
        {
            // A redirect to something that is not an http(s) URL.
            throw new EncodingFailure(JobErrors.DownloadNotAccessible($"The input URL could not be followed: {e.Message}"), e);
        }

        return (path, BaseName(name));
    }

    /// <summary>
    /// The URL of an HTTP input: <c>baseUri</c> alone, or with its one file added to the path. A query on
    /// <c>baseUri</c> (an AMS-style container SAS) stays the query, after the file, as does one on the file.
    /// </summary>
    public static Uri InputUri(JobInputHttp input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var file = input.Files is { Count: > 0 } files ? files[0] : null;
        if (string.IsNullOrEmpty(input.BaseUri))
        {
            return new Uri(file ?? "", UriKind.Absolute);
        }

        var baseUri = new Uri(input.BaseUri, UriKind.Absolute);
        if (string.IsNullOrEmpty(file))
        {
            return baseUri;
        }

        var q = file.IndexOf('?', StringComparison.Ordinal);
        var fileQuery = q >= 0 ? file[(q + 1)..] : "";
        var filePath = q >= 0 ? file[..q] : file;
        var query = string.Join('&', new[] { baseUri.Query.TrimStart('?'), fileQuery }.Where(p => p.Length > 0));
        return new Uri(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + filePath.TrimStart('/') + (query.Length > 0 ? "?" + query : ""),
            UriKind.Absolute);
    }

    /// <summary>Whether a job input may be fetched from <paramref name="address"/>.</summary>
    public static bool MayFetchFrom(IPAddress address, bool loopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (IPAddress.IsLoopback(ip))
        {
            return loopback;
        }

        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var b = ip.GetAddressBytes();

            // 0.0.0.0/8 (this host), 169.254.0.0/16 (link-local: instance metadata), 224.0.0.0/4 and above (multicast, broadcast).
            return b[0] != 0 && !(b[0] == 169 && b[1] == 254) && b[0] < 224;
        }

        return !ip.Equals(IPAddress.IPv6Any) && !ip.IsIPv6LinkLocal && !ip.IsIPv6Multicast;
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool loopback, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => MayFetchFrom(a, loopback)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(
                $"'{endPoint.Host}' is an address inputs are not fetched from (loopback, link-local, multicast or unspecified).");
        }

        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private JobError TooLarge() => JobErrors.ContentUnsupported($"The input is larger than the limit of {options.MaxInputBytes} bytes.");

    private static string SafeExtension(string name)
    {
        var extension = Path.GetExtension(name);
        return extension.Length is > 1 and <= 8 && extension.Skip(1).All(char.IsAsciiLetterOrDigit) ? extension : ".bin";
    }

    /// <summary>The file name without extension, reduced to characters that are safe in blob and file names.</summary>
    public static string BaseName(string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name ?? "");
        var safe = new string([.. stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]);
        return safe.Length == 0 ? "output" : safe.Length > 64 ? safe[..64] : safe;
    }

    public void Dispose() => _http.Dispose();
}
