namespace Meridian.Media.Isobmff;

/// <summary>An MSB-first bit cursor for codec configuration records; reading past the end throws <see cref="MediaFormatException"/>.</summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;
    private long _bit;

    public BitReader(ReadOnlySpan<byte> data, string what)
    {
        _data = data;
        _what = what;
        _bit = 0;
    }

    public uint Read(int bits)
    {
        if (_bit + bits > (long)_data.Length * 8)
        {
            throw new MediaFormatException($"The {_what} is truncated.");
        }

        uint value = 0;
        for (var i = 0; i < bits; i++)
        {
            var b = _data[(int)(_bit >> 3)];
            value = (value << 1) | (uint)((b >> (7 - (int)(_bit & 7))) & 1);
            _bit++;
        }

        return value;
    }
}
