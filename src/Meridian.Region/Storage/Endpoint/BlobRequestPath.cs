using System.Globalization;
using System.Text;

namespace Meridian.Region.Storage.Endpoint;

/// <summary>
/// The account, container and blob name of a request, parsed from the raw request target (not the server's normalized
/// path, which would silently resolve <c>..</c>). Each segment is percent-decoded once, strictly; a decoded '/' (from
/// <c>%2F</c>) separates segments of the blob name like a literal one. Names are validated later by their own rules.
/// </summary>
internal readonly record struct BlobRequestPath(string Account, string Container, string? Blob)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses <c>/{account}/{container}[/{blob...}]</c>; a bare trailing '/' after the container names no blob.</summary>
    public static BlobRequestPath Parse(string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? rawTarget[..query] : rawTarget;
        if (!path.StartsWith('/'))
        {
            throw InvalidUri();
        }

        var segments = path[1..].Split('/');
        if (segments.Length < 2 || segments[0].Length == 0 || segments[1].Length == 0)
        {
            throw InvalidUri();
        }

        var account = Decode(segments[0]);
        var container = Decode(segments[1]);
        if (segments.Length == 2 || (segments.Length == 3 && segments[2].Length == 0))
        {
            return new BlobRequestPath(account, container, null);
        }

        var blob = new StringBuilder();
        for (var i = 2; i < segments.Length; i++)
        {
            if (i > 2)
            {
                blob.Append('/');
            }

            blob.Append(Decode(segments[i]));
        }

        return new BlobRequestPath(account, container, blob.ToString());
    }

    private static string Decode(string segment)
    {
        if (!segment.Contains('%', StringComparison.Ordinal))
        {
            return segment;
        }

        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c != '%')
            {
                if (c > 0x7f)
                {
                    bytes.AddRange(StrictUtf8.GetBytes(c.ToString()));
                }
                else
                {
                    bytes.Add((byte)c);
                }

                continue;
            }

            if (i + 2 >= segment.Length || !Uri.IsHexDigit(segment[i + 1]) || !Uri.IsHexDigit(segment[i + 2]))
            {
                throw InvalidUri();
            }

            bytes.Add(byte.Parse(segment.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            i += 2;
        }

        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            throw InvalidUri();
        }
    }

    private static BlobStorageException InvalidUri() =>
        new(400, BlobErrorCodes.InvalidUri, "The requested URI does not represent any resource on the server.");
}
