using System.Buffers;

namespace Meridian.Media.Cmaf;

/// <summary>
/// The clear samples of one segment, read and planned by an <see cref="ICmafCopyingSampleTransform"/> whose boxes are
/// already written (<see cref="CmafMediaSegmentWriter.WriteHeaderAsync"/>). The caller has the transform write them where
/// it likes with <see cref="ICmafCopyingSampleTransform.CopySamples"/>, e.g. straight into a socket's send buffer, so the
/// transformed samples are never staged in a segment buffer. Holds a pooled buffer until disposed.
/// </summary>
public sealed class PlannedSamples : IDisposable
{
    private byte[]? _buffer;

    internal PlannedSamples(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Bytes of the <c>mdat</c> payload, clear or transformed alike.</summary>
    public int Length { get; }

    /// <summary>The clear sample bytes, back to back, as planned.</summary>
    public ReadOnlySpan<byte> Span => _buffer is { } buffer ? buffer.AsSpan(0, Length) : throw new ObjectDisposedException(nameof(PlannedSamples));

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
