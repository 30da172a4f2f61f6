using System.Security.Cryptography;
using System.Text;
using Meridian.Region.Hosting;

namespace Meridian.Region.Storage.Sas;

/// <summary>
/// The region's two storage account keys, which sign shared access signatures. Like an Azure storage account (and AMS,
/// which handed out one SAS URL per key), there are two, so one can be rotated while URLs signed with the other stay
/// valid. They live in <c>{data}/storage-keys</c>, made (256 random bits each, owner-only permissions) on first start.
/// </summary>
public sealed class StorageKeys
{
    public const string FileName = "storage-keys";
    public const int Count = 2;
    private const int KeyBytes = 32;
    private readonly byte[][] _keys;

    public StorageKeys(RegionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = LoadOrCreate(Path.Combine(options.DataDirectory, FileName));
    }

    /// <summary>HMAC-SHA256 of <paramref name="data"/> with key <paramref name="index"/> (0 or 1).</summary>
    public byte[] Sign(int index, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return HMACSHA256.HashData(_keys[index], data);
    }

    private static byte[][] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var keys = new List<byte[]>();
            foreach (var line in File.ReadAllLines(path))
            {
                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && line.StartsWith("key", StringComparison.Ordinal))
                {
                    var key = Convert.FromBase64String(line[(eq + 1)..].Trim());
                    keys.Add(key.Length == KeyBytes ? key : throw new InvalidDataException($"A key in '{path}' is not {KeyBytes} bytes."));
                }
            }

            // Regenerating would silently revoke every SAS URL handed out, so a damaged file stops the region instead.
            return keys.Count == Count ? [.. keys] : throw new InvalidDataException($"'{path}' does not hold {Count} storage keys.");
        }

        var created = new byte[Count][];
        var text = new StringBuilder();
        for (var i = 0; i < Count; i++)
        {
            created[i] = RandomNumberGenerator.GetBytes(KeyBytes);
            text.Append($"key{i + 1}={Convert.ToBase64String(created[i])}\n");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temp, fileOptions))
        {
            file.Write(Encoding.ASCII.GetBytes(text.ToString()));
            file.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            // A stale temp file from an interrupted start keeps its old mode; set it again.
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
        return created;
    }
}
