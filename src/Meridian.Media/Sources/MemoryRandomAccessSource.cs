namespace Meridian.Media.Sources;

/// <summary>
/// A source over bytes already in memory: generated segments, small cached objects and tests.
/// </summary>
public sealed class MemoryRandomAccessSource : IRandomAccessSource
{
    private readonly ReadOnlyMemory<byte> _data;

    public MemoryRandomAccessSource(ReadOnlyMemory<byte> data) => _data = data;

    /// <inheritdoc />
    public long Length => _data.Length;

    /// <inheritdoc />
    public ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        cancellationToken.ThrowIfCancellationRequested();
        if (offset >= _data.Length)
        {
            return ValueTask.FromResult(0);
        }

        var count = (int)Math.Min(buffer.Length, _data.Length - offset);
        _data.Span.Slice((int)offset, count).CopyTo(buffer.Span);
        return ValueTask.FromResult(count);
    }
}
