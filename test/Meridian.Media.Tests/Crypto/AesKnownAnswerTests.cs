using System.Security.Cryptography;
using Meridian.Media.Crypto;
using static Meridian.Media.Tests.Crypto.NistAes;

namespace Meridian.Media.Tests.Crypto;

/// <summary>NIST SP 800-38A Appendix F vectors for the AES-128 modes the schemes use.</summary>
public sealed class AesKnownAnswerTests
{
    [Fact]
    public void Ctr_NistF51_Encrypts()
    {
        using var ctr = new AesCtrCipher(Key);
        ctr.Reset(CtrCounter);
        var data = Plaintext.ToArray();
        ctr.Transform(data);
        Assert.Equal(Convert.ToHexString(CtrCiphertext), Convert.ToHexString(data));
    }

    [Theory]
    [InlineData(new[] { 1, 15, 16, 32 })]
    [InlineData(new[] { 5, 20, 39 })]
    [InlineData(new[] { 63, 1 })]
    public void Ctr_SplitCalls_ContinueTheKeystream(int[] cuts)
    {
        using var ctr = new AesCtrCipher(Key);
        ctr.Reset(CtrCounter);
        var data = Plaintext.ToArray();
        var p = 0;
        foreach (var cut in cuts)
        {
            ctr.Transform(data.AsSpan(p, cut));
            p += cut;
        }

        Assert.Equal(64, p);
        Assert.Equal(Convert.ToHexString(CtrCiphertext), Convert.ToHexString(data));

        ctr.Reset(CtrCounter);
        ctr.Transform(data);
        Assert.Equal(Plaintext, data);
    }

    [Fact]
    public void Ctr_CounterCarriesAcrossTheLow64Bits()
    {
        // Counter ...ffffffffffffffff must roll into the high half; compare with a block-by-block ECB reference.
        var counter = Convert.FromHexString("0000000000000001ffffffffffffffff");
        using var ctr = new AesCtrCipher(Key);
        ctr.Reset(counter);
        var data = new byte[32];
        ctr.Transform(data);
        using var aes = Aes.Create();
        aes.Key = Key;
        var expected = aes.EncryptEcb(Convert.FromHexString("0000000000000001ffffffffffffffff" + "00000000000000020000000000000000"), PaddingMode.None);
        Assert.Equal(expected, data);
    }

    [Fact]
    public void CbcPattern_NoPattern_IsPlainCbc_NistF21()
    {
        using var aes = Aes.Create();
        aes.Key = Key;
        var data = Plaintext.ToArray();
        AesCbcPattern.Encrypt(aes, CbcIv, data, 0, 0);
        Assert.Equal(Convert.ToHexString(CbcCiphertext), Convert.ToHexString(data));
    }

    [Fact]
    public void CbcPattern_TrailingPartialBlockStaysClear()
    {
        using var aes = Aes.Create();
        aes.Key = Key;
        var data = Plaintext.Concat(new byte[] { 1, 2, 3, 4, 5 }).ToArray();
        AesCbcPattern.Encrypt(aes, CbcIv, data, 1, 0);
        Assert.Equal(CbcCiphertext, data[..64]);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, data[64..]);
    }

    [Fact]
    public void CbcPattern_OneToNine_EncryptsEveryTenthBlockChained()
    {
        using var aes = Aes.Create();
        aes.Key = Key;
        var clear = Enumerable.Range(0, 16 * 25 + 7).Select(i => (byte)(i * 7)).ToArray();
        var data = clear.ToArray();
        AesCbcPattern.Encrypt(aes, CbcIv, data, 1, 9);

        // Reference: blocks 0, 10 and 20 form one CBC chain from the IV; all other bytes are untouched.
        var chain = clear[0..16].Concat(clear[160..176]).Concat(clear[320..336]).ToArray();
        var expectedChain = aes.EncryptCbc(chain, CbcIv, PaddingMode.None);
        Assert.Equal(expectedChain[0..16], data[0..16]);
        Assert.Equal(expectedChain[16..32], data[160..176]);
        Assert.Equal(expectedChain[32..48], data[320..336]);
        Assert.Equal(clear[16..160], data[16..160]);
        Assert.Equal(clear[176..320], data[176..320]);
        Assert.Equal(clear[336..], data[336..]);
    }

    [Fact]
    public void SegmentEncryption_IsCbcWithPkcs7_NistF21Prefix()
    {
        var encrypted = SegmentEncryption.EncryptSegment(Key, CbcIv, Plaintext);
        Assert.Equal(80, encrypted.Length);
        Assert.Equal(80, SegmentEncryption.EncryptedLength(64));
        Assert.Equal(Convert.ToHexString(CbcCiphertext), Convert.ToHexString(encrypted[..64]));
        using var aes = Aes.Create();
        aes.Key = Key;
        Assert.Equal(Plaintext, aes.DecryptCbc(encrypted, CbcIv, PaddingMode.PKCS7));
    }

    [Fact]
    public void SegmentEncryption_RejectsWrongKeyOrIvLength()
    {
        Assert.Throws<ArgumentException>(() => SegmentEncryption.EncryptSegment(Key.AsSpan(0, 8), CbcIv, Plaintext));
        Assert.Throws<ArgumentException>(() => SegmentEncryption.EncryptSegment(Key, CbcIv.AsSpan(0, 8), Plaintext));
    }
}
