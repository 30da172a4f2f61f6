using Meridian.Media.Codecs;

namespace Meridian.Media.Tests.Codecs;

public sealed class RbspBitReaderTests
{
    [Fact]
    public void Read_SkipsEmulationPrevention_AndCountsEscapedBytes()
    {
        byte[] escaped = [0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0xFF];
        var r = new RbspBitReader(escaped, "test unit");
        Assert.Equal(0u, r.ReadBits(16));
        Assert.Equal(2, r.EscapedBytesConsumed);
        Assert.Equal(0u, r.ReadBits(7));
        Assert.Equal(4, r.EscapedBytesConsumed);
        Assert.Equal(1u, r.ReadBit());
        Assert.Equal(4, r.EscapedBytesConsumed);
        Assert.Equal(0u, r.ReadBits(24));
        Assert.Equal(8, r.EscapedBytesConsumed);
        Assert.Equal(0u, r.ReadBits(1));
        Assert.Equal(9, r.EscapedBytesConsumed);
        Assert.Equal(0u, r.ReadBits(7));
        Assert.Equal(9, r.EscapedBytesConsumed);
        Assert.Equal(0xFFu, r.ReadBits(8));
        Assert.Equal(11, r.EscapedBytesConsumed);
        Assert.Throws<MediaFormatException>(() =>
        {
            var again = new RbspBitReader(escaped, "test unit");
            again.Skip(8 * 8 + 1);
        });
    }

    [Fact]
    public void ReadUeSe_DecodeExpGolomb()
    {
        var w = new TestBitWriter().Ue(0).Ue(1).Ue(254).Ue(uint.MaxValue - 1L).Se(0).Se(1).Se(-1).Se(int.MaxValue).Se(-int.MaxValue).Trailing();
        var r = new RbspBitReader(w.Escaped(), "test unit");
        Assert.Equal(0u, r.ReadUe());
        Assert.Equal(1u, r.ReadUe());
        Assert.Equal(254u, r.ReadUe());
        Assert.Equal(uint.MaxValue - 1, r.ReadUe());
        Assert.Equal(0, r.ReadSe());
        Assert.Equal(1, r.ReadSe());
        Assert.Equal(-1, r.ReadSe());
        Assert.Equal(int.MaxValue, r.ReadSe());
        Assert.Equal(-int.MaxValue, r.ReadSe());
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00 })]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[0])]
    public void ReadUe_LongOrTruncatedCodes_ThrowMediaFormatException(byte[] escaped)
    {
        var e = Assert.Throws<MediaFormatException>(() =>
        {
            var r = new RbspBitReader(escaped, "test unit");
            r.ReadUe();
        });
        Assert.Contains("test unit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadUe_WithLimit_RejectsLargerValues()
    {
        var escaped = new TestBitWriter().Ue(32).Trailing().Escaped();
        var e = Assert.Throws<MediaFormatException>(() =>
        {
            var r = new RbspBitReader(escaped, "test unit");
            r.ReadUe(31, "seq_parameter_set_id");
        });
        Assert.Contains("seq_parameter_set_id = 32", e.Message, StringComparison.Ordinal);
    }
}
