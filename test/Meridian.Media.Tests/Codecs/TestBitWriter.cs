namespace Meridian.Media.Tests.Codecs;

/// <summary>Builds synthetic NAL units bit by bit (u(n), ue(v), se(v)) and escapes them (emulation prevention).</summary>
public sealed class TestBitWriter
{
    private readonly List<bool> _bits = [];

    public int BitCount => _bits.Count;

    public TestBitWriter U(int bits, long value)
    {
        for (var i = bits - 1; i >= 0; i--)
        {
            _bits.Add(((value >> i) & 1) != 0);
        }

        return this;
    }

    public TestBitWriter Flag(bool value) => U(1, value ? 1 : 0);

    public TestBitWriter Ue(long value)
    {
        var code = value + 1;
        var length = 64 - long.LeadingZeroCount(code);
        return U((int)length - 1, 0).U((int)length, code);
    }

    public TestBitWriter Se(long value) => Ue(value > 0 ? (2 * value) - 1 : -2 * value);

    /// <summary>rbsp_trailing_bits(): a one bit, then zeros to the byte boundary.</summary>
    public TestBitWriter Trailing()
    {
        Flag(true);
        while (_bits.Count % 8 != 0)
        {
            _bits.Add(false);
        }

        return this;
    }

    public byte[] Rbsp()
    {
        var bytes = new byte[(_bits.Count + 7) / 8];
        for (var i = 0; i < _bits.Count; i++)
        {
            if (_bits[i])
            {
                bytes[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        return bytes;
    }

    /// <summary>The escaped NAL unit: 0x03 inserted after two zero bytes followed by a byte of 0x00-0x03.</summary>
    public byte[] Escaped() => Escape(Rbsp());

    public static byte[] Escape(byte[] rbsp)
    {
        var result = new List<byte>(rbsp.Length + 8);
        var zeros = 0;
        foreach (var b in rbsp)
        {
            if (zeros >= 2 && b <= 3)
            {
                result.Add(3);
                zeros = 0;
            }

            result.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. result];
    }
}
