namespace Meridian.Media.Tests.Crypto;

/// <summary>NIST SP 800-38A Appendix F: the AES-128 key, plaintext and the CTR (F.5.1) and CBC (F.2.1) vectors.</summary>
internal static class NistAes
{
    public static readonly byte[] Key = Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c");

    public static readonly byte[] Plaintext = Convert.FromHexString(
        "6bc1bee22e409f96e93d7e117393172a" + "ae2d8a571e03ac9c9eb76fac45af8e51" +
        "30c81c46a35ce411e5fbc1191a0a52ef" + "f69f2445df4f9b17ad2b417be66c3710");

    // F.5.1 CTR-AES128.Encrypt
    public static readonly byte[] CtrCounter = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");

    public static readonly byte[] CtrCiphertext = Convert.FromHexString(
        "874d6191b620e3261bef6864990db6ce" + "9806f66b7970fdff8617187bb9fffdff" +
        "5ae4df3edbd5d35e5b4f09020db03eab" + "1e031dda2fbe03d1792170a0f3009cee");

    // F.2.1 CBC-AES128.Encrypt
    public static readonly byte[] CbcIv = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    public static readonly byte[] CbcCiphertext = Convert.FromHexString(
        "7649abac8119b246cee98e9b12e9197d" + "5086cb9b507219ee95db113a917678b2" +
        "73bed6b8e3c1743b7116e69e22229516" + "3ff1caa1681fac09120eca307586e1a7");
}
