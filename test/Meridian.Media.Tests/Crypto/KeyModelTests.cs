using System.Buffers.Binary;
using System.Text;
using Meridian.Media.Crypto;

namespace Meridian.Media.Tests.Crypto;

public sealed class KeyModelTests
{
    private static readonly Guid Kid = new("01020304-0506-0708-090a-0b0c0d0e0f10");

    [Fact]
    public void Uuid_BigEndianIsTheStringOrder_LittleEndianSwapsTheFirstThreeFields()
    {
        Assert.Equal("0102030405060708090A0B0C0D0E0F10", Convert.ToHexString(UuidBytes.ToBigEndian(Kid)));
        Assert.Equal("0403020106050807090A0B0C0D0E0F10", Convert.ToHexString(UuidBytes.ToLittleEndian(Kid)));
        Assert.Equal(Kid, UuidBytes.FromBigEndian(UuidBytes.ToBigEndian(Kid)));
        Assert.Equal(Kid, UuidBytes.FromLittleEndian(UuidBytes.ToLittleEndian(Kid)));
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString("0403020106050807090A0B0C0D0E0F10")), UuidBytes.ToPlayReadyKid(Kid));
        Assert.Equal("BAMCAQYFCAcJCgsMDQ4PEA==", UuidBytes.ToPlayReadyKid(Kid));
    }

    [Fact]
    public void ContentKey_RequiresSixteenBytes_AndCopiesThem()
    {
        Assert.Throws<ArgumentException>(() => new ContentKey(Kid, new byte[15]));
        var bytes = new byte[16];
        bytes[0] = 9;
        var key = new ContentKey(Kid, bytes);
        bytes[0] = 0;
        Assert.Equal(9, key.Key[0]);
        Assert.Equal(UuidBytes.ToBigEndian(Kid), key.KeyIdBytes());
    }

    [Fact]
    public void IvDerivation_IsDeterministicAndPositionDependent()
    {
        var key = new ContentKey(Kid, Convert.FromHexString("00112233445566778899aabbccddeeff"));
        var other = new ContentKey(Kid, Convert.FromHexString("00112233445566778899aabbccddeefe"));
        var a = SampleIv(key, 1, 0, []);
        Assert.Equal(a, SampleIv(key, 1, 0, []));
        Assert.NotEqual(a, SampleIv(key, 1, 1, []));
        Assert.NotEqual(a, SampleIv(key, 2, 0, []));
        Assert.NotEqual(a, SampleIv(other, 1, 0, []));
        Assert.NotEqual(a, SampleIv(key, 1, 0, "asset-b"u8.ToArray()));

        // Distinct IVs for every sample of a long track: CTR must never repeat a counter block under one key.
        var seen = new HashSet<string>();
        for (var i = 0; i < 20000; i++)
        {
            Assert.True(seen.Add(Convert.ToHexString(SampleIv(key, 1, i, []))));
        }

        Assert.Equal(IvDerivation.ConstantIv(key), IvDerivation.ConstantIv(key));
        Assert.Equal(16, IvDerivation.ConstantIv(key).Length);
        Assert.NotEqual(IvDerivation.SegmentIv(key, 1, 0), IvDerivation.SegmentIv(key, 1, 1));
        Assert.Equal(IvDerivation.SegmentIv(key, 1, 5), IvDerivation.SegmentIv(key, 1, 5));
        Assert.Equal("0x0000000000000000000000000000012C", IvDerivation.ToHexAttribute(IvDerivation.SequenceNumberIv(300)));
    }

    [Fact]
    public void Pssh_Common_IsVersion1WithKeyIds()
    {
        var box = ProtectionSystems.Common(Kid).ToBoxBytes();
        Assert.Equal("pssh", Encoding.ASCII.GetString(box, 4, 4));
        Assert.Equal((uint)box.Length, BinaryPrimitives.ReadUInt32BigEndian(box));
        Assert.Equal(1, box[8]);
        Assert.Equal("1077EFECC0B24D02ACE33C1E52E2FB4B", Convert.ToHexString(box, 12, 16));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(box.AsSpan(28)));
        Assert.Equal("0102030405060708090A0B0C0D0E0F10", Convert.ToHexString(box, 32, 16));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(box.AsSpan(48)));
        Assert.Equal(52, box.Length);
    }

    [Theory]
    [InlineData(EncryptionScheme.Cenc, "48E3DC959B06")]
    [InlineData(EncryptionScheme.Cbcs, "48F3C6899B06")]
    public void Pssh_Widevine_CarriesKeyIdAndSchemeProtobuf(EncryptionScheme scheme, string schemeField)
    {
        var box = ProtectionSystems.Widevine(Kid, scheme).ToBoxBytes();
        Assert.Equal(0, box[8]);
        Assert.Equal("EDEF8BA979D64ACEA3C827DCD51D21ED", Convert.ToHexString(box, 12, 16));
        var size = (int)BinaryPrimitives.ReadUInt32BigEndian(box.AsSpan(28));
        Assert.Equal(box.Length - 32, size);
        Assert.Equal("1210" + "0102030405060708090A0B0C0D0E0F10" + schemeField, Convert.ToHexString(box, 32, size));
    }

    [Theory]
    [InlineData(EncryptionScheme.Cenc, "4.0.0.0", "<KID>BAMCAQYFCAcJCgsMDQ4PEA==</KID>")]
    [InlineData(EncryptionScheme.Cbcs, "4.3.0.0", "<KID ALGID=\"AESCBC\" VALUE=\"BAMCAQYFCAcJCgsMDQ4PEA==\"></KID>")]
    public void Pssh_PlayReady_HoldsAPlayReadyObjectWithLittleEndianKid(EncryptionScheme scheme, string version, string kidElement)
    {
        var box = ProtectionSystems.PlayReady(Kid, "https://kd.example/PlayReady/?a=1&b=2", scheme).ToBoxBytes();
        Assert.Equal("9A04F07998404286AB92E65BE0885F95", Convert.ToHexString(box, 12, 16));
        var data = box.AsSpan(32);
        Assert.Equal(data.Length, (int)BinaryPrimitives.ReadUInt32BigEndian(box.AsSpan(28)));
        Assert.Equal(data.Length, (int)BinaryPrimitives.ReadUInt32LittleEndian(data));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(data[4..]));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(data[6..]));
        var length = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        Assert.Equal(data.Length - 10, length);
        var xml = Encoding.Unicode.GetString(data.Slice(10, length));
        Assert.StartsWith("<WRMHEADER xmlns=\"http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader\" version=\"" + version + "\">", xml);
        Assert.Contains(kidElement, xml);
        Assert.Contains("<LA_URL>https://kd.example/PlayReady/?a=1&amp;b=2</LA_URL>", xml);
        Assert.NotNull(System.Xml.Linq.XDocument.Parse(xml));
    }

    private static byte[] SampleIv(ContentKey key, uint track, int sample, byte[] context)
    {
        var iv = new byte[8];
        IvDerivation.SampleIv(key, track, sample, context, iv);
        return iv;
    }
}
