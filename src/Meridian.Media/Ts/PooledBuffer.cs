using System.Buffers;

namespace Meridian.Media.Ts;

/// <summary>A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/> whose written bytes stay writable.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[] _data;

    public PooledBuffer(int capacity) => _data = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));

    public int Length { get; private set; }

    public Span<byte> Span(int offset, int length) => _data.AsSpan(offset, length);

    /// <summary>Appends <paramref name="count"/> bytes and returns them for the caller to fill.</summary>
    public Span<byte> Append(int count)
    {
        if (Length + count > _data.Length)
        {
            if ((long)Length + count > Array.MaxLength)
            {
                throw new MediaFormatException("A segment is too large to assemble in memory.");
            }

            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max((long)_data.Length * 2, (long)Length + count)));
            _data.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_data);
            _data = bigger;
        }

        var span = _data.AsSpan(Length, count);
        Length += count;
        return span;
    }

    public void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Append(bytes.Length));

    /// <summary>Gives back the last <paramref name="count"/> appended bytes (after appending a worst-case size).</summary>
    public void Shrink(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Length);
        Length -= count;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_data);
        _data = [];
    }
}
