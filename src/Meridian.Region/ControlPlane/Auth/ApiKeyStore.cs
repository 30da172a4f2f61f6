using System.Security.Cryptography;
using System.Text;
using Meridian.Region.Hosting;

namespace Meridian.Region.ControlPlane.Auth;

/// <summary>
/// The bearer credentials the control plane accepts: those configured, or else the one in <c>{data}/apikey</c>, which is
/// created (random, 256 bits) on first start with owner-only permissions.
/// </summary>
public sealed class ApiKeyStore
{
    public const string FileName = "apikey";
    private readonly List<byte[]> _hashes = [];

    public ApiKeyStore(RegionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = options.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (keys.Count == 0)
        {
            keys.Add(LoadOrCreate(Path.Combine(options.DataDirectory, FileName)));
        }

        foreach (var key in keys)
        {
            _hashes.Add(SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())));
        }
    }

    /// <summary>True if <paramref name="candidate"/> is one of the keys. Compares hashes in fixed time.</summary>
    public bool IsValid(ReadOnlySpan<char> candidate)
    {
        if (candidate.IsEmpty || candidate.Length > 1024)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(candidate.ToArray()), hash);
        var ok = false;
        foreach (var known in _hashes)
        {
            ok |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return ok;
    }

    /// <summary>Reads the key file, or writes a new random key there.</summary>
    public static string LoadOrCreate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 16)
            {
                return existing;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var temp = path + ".tmp";
        File.WriteAllText(temp, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
        return key;
    }
}
