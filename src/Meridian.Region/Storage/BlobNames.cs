using System.Text;
using System.Text.RegularExpressions;

namespace Meridian.Region.Storage;

/// <summary>Azure Storage naming rules, which keep every path inside the store.</summary>
public static partial class BlobNames
{
    /// <summary>Longest blob name, in characters (as Azure).</summary>
    public const int MaxBlobNameLength = 1024;

    /// <summary>Longest segment between slashes, in UTF-8 bytes: a segment becomes a file or directory name.</summary>
    public const int MaxSegmentBytes = 255;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Container names: 3-63 lower-case letters, digits and single inner hyphens.</summary>
    public static bool IsValidContainer(string? name) =>
        name is { Length: >= 3 and <= 63 } && ContainerPattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> for an invalid container name.</summary>
    public static void RequireContainer(string? name)
    {
        if (!IsValidContainer(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid container name: use 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        }
    }

    /// <summary>True if <paramref name="name"/> is a blob name the store accepts (see <see cref="BlobNameError"/>).</summary>
    public static bool IsValidBlobName(string? name) => BlobNameError(name) is null;

    /// <summary>
    /// Why a blob name is refused, or null if it is accepted. A name is 1-1024 characters of valid UTF-16; '/' separates
    /// segments, each of which must be non-empty, not <c>.</c> or <c>..</c>, and at most 255 UTF-8 bytes. Backslashes,
    /// control characters and U+FFFE/U+FFFF (which XML listings cannot carry) are refused. These rules make every
    /// accepted name a relative path below its container on any OS.
    /// </summary>
    public static string? BlobNameError(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the blob name is empty";
        }

        if (name.Length > MaxBlobNameLength)
        {
            return $"the blob name is longer than {MaxBlobNameLength} characters";
        }

        if (name[0] == '/')
        {
            return "the blob name is an absolute path";
        }

        foreach (var c in name)
        {
            if (c == '\\')
            {
                return "the blob name contains a backslash";
            }

            if (!Listable(c))
            {
                return $"the blob name contains the character U+{(int)c:X4}";
            }
        }

        try
        {
            _ = StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            return "the blob name is not valid Unicode";
        }

        foreach (var range in name.AsSpan().Split('/'))
        {
            var segment = name.AsSpan(range);
            if (segment.IsEmpty)
            {
                return "the blob name has an empty path segment";
            }

            if (segment is "." or "..")
            {
                return "the blob name has a '.' or '..' path segment";
            }

            if (StrictUtf8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"a path segment of the blob name is longer than {MaxSegmentBytes} bytes";
            }
        }

        return null;
    }

    /// <summary>Whether an XML listing can carry <paramref name="c"/>: not a control character, U+FFFE or U+FFFF.</summary>
    public static bool Listable(char c) => !char.IsControl(c) && c is not ('\uFFFE' or '\uFFFF');

    /// <summary>
    /// Why <paramref name="name"/> is not a blob name of one segment (a file directly in its container), or null if it
    /// is. Encoder outputs and origin downloads use only such names.
    /// </summary>
    public static string? PlainNameError(string? name) =>
        name is not null && name.Contains('/', StringComparison.Ordinal) ? "the name contains '/'" : BlobNameError(name);

    /// <summary>Throws <see cref="BlobStorageException"/> (400 InvalidResourceName) for an invalid blob name.</summary>
    public static void RequireBlobName(string? name)
    {
        if (BlobNameError(name) is { } error)
        {
            throw new BlobStorageException(400, BlobErrorCodes.InvalidResourceName, $"The specified resource name is not valid: {error}.");
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex ContainerPattern();
}
