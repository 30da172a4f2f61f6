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

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = true, ConnectTimeout = TimeSpan.FromSeconds(30) })
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
        var url = input.BaseUri ?? "";
        if (input.Files is { Count: > 0 } files)
        {
            url = string.IsNullOrEmpty(url) ? files[0] : url.TrimEnd('/') + "/" + files[0].TrimStart('/');
        }

        var uri = new Uri(url);
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
            while ((read = await body.ReadAsync(buffer, timeout.Token)) > 0)
            {
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

        return (path, BaseName(name));
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
