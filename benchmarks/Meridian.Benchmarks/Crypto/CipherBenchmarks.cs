using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Meridian.Media.Crypto;

namespace Meridian.Benchmarks.Crypto;

/// <summary>
/// Cipher throughput on one core over a 1 MiB buffer: AES-CTR as <c>cenc</c> uses it (the default backend, libgcrypt's
/// VAES code on a CPU with VAES, and the managed AES-NI loop), full AES-CBC as AES-128 envelope
/// segments use it, and the 1:9 CBC pattern of <c>cbcs</c> video (the BCL gather/scatter path and the keyed AES-NI one).
/// Two yardsticks: the BCL's (OpenSSL's) ECB over the same buffer, the ceiling of a CTR built on it, and a plain copy, the
/// floor of any segment build. MB/s = 1.048576 / mean in ms × 1000.
/// </summary>
[MemoryDiagnoser]
public class CipherBenchmarks
{
    private const int Size = 1024 * 1024;
    private readonly byte[] _key = Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c");
    private readonly byte[] _iv = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    private readonly byte[] _data = new byte[Size];
    private readonly byte[] _destination = new byte[SegmentEncryption.EncryptedLength(Size)];
    private readonly byte[] _copy = new byte[Size];
    private AesCtrCipher _ctr = null!;
    private AesCtrCipher _ctrAesNi = null!;
    private AesCbcPatternCipher _pattern = null!;
    private Aes _aes = null!;

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_data);
        _ctr = new AesCtrCipher(_key);
        _ctrAesNi = new AesCtrCipher(_key, AesCtrBackend.AesNi);
        _pattern = new AesCbcPatternCipher(_key);
        _aes = Aes.Create();
        _aes.Key = _key;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ctr.Dispose();
        _ctrAesNi.Dispose();
        _pattern.Dispose();
        _aes.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void AesCtr1MiB()
    {
        _ctr.Reset(_iv);
        _ctr.Transform(_data);
    }

    [Benchmark]
    public void AesCtrManagedAesNi1MiB()
    {
        _ctrAesNi.Reset(_iv);
        _ctrAesNi.Transform(_data);
    }

    [Benchmark]
    public int AesCbcSegment1MiB() => SegmentEncryption.EncryptSegment(_key, _iv, _data, _destination);

    [Benchmark]
    public void CbcsPattern1MiB() => AesCbcPattern.Encrypt(_aes, _iv, _data, CencProtection.VideoCryptBlocks, CencProtection.VideoSkipBlocks);

    [Benchmark]
    public void CbcsPatternCipher1MiB() => _pattern.Encrypt(_iv, _data, CencProtection.VideoCryptBlocks, CencProtection.VideoSkipBlocks);

    [Benchmark]
    public int BclEcb1MiB() => _aes.EncryptEcb(_data, _copy, PaddingMode.None);

    [Benchmark]
    public void Copy1MiB() => _data.AsSpan().CopyTo(_copy);
}
