using System.Security.Cryptography;
using Meridian.Region.Storage;

namespace Meridian.Region.Streaming;

/// <summary>
/// Strong ETags for downloads, from the content (its stored MD5, or a hash of the bytes), never from storage metadata that
/// differs between regions, so a player failing over keeps valid validators.
/// </summary>
public static class DownloadETags
{
    public static async Task<string> GetAsync(BlobReadHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (handle.Info.Content.ContentMd5 is { Length: > 0 } md5)
        {
            try
            {
                return $"\"{Convert.ToHexStringLower(Convert.FromBase64String(md5))}\"";
            }
            catch (FormatException)
            {
                // Fall through to hashing the content.
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[256 * 1024];
        long position = 0;
        while (position < handle.Length)
        {
            var read = await handle.ReadAsync(position, buffer, cancellationToken);
            if (read <= 0)
            {
                break;
            }

            hash.AppendData(buffer, 0, read);
            position += read;
        }

        return $"\"{Convert.ToHexStringLower(hash.GetHashAndReset())}\"";
    }
}
