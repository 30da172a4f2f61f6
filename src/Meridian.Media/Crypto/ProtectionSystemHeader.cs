using System.Buffers;
using Meridian.Media.Cmaf;

namespace Meridian.Media.Crypto;

/// <summary>
/// A Protection System Specific Header (<c>pssh</c>, ISO/IEC 23001-7 §8.1): a DRM system id, for version 1 the key ids it
/// covers, and the system's opaque data. Written into CMAF headers and, base64 of <see cref="ToBoxBytes"/>, into DASH
/// <c>cenc:pssh</c> elements. Build them with <see cref="ProtectionSystems"/>.
/// </summary>
public sealed record ProtectionSystemHeader
{
    public ProtectionSystemHeader(Guid systemId, IReadOnlyList<Guid>? keyIds, ReadOnlyMemory<byte> data)
    {
        SystemId = systemId;
        KeyIds = keyIds;
        Data = data;
    }

    public Guid SystemId { get; }

    /// <summary>Key ids of a version 1 box; null writes version 0, which has no KID list.</summary>
    public IReadOnlyList<Guid>? KeyIds { get; }

    public ReadOnlyMemory<byte> Data { get; }

    public void Write(BoxWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.StartFullBox(CencBoxTypes.Pssh, KeyIds is null ? (byte)0 : (byte)1, 0);
        Span<byte> uuid = stackalloc byte[16];
        UuidBytes.WriteBigEndian(SystemId, uuid);
        writer.WriteBytes(uuid);
        if (KeyIds is not null)
        {
            writer.WriteUInt32((uint)KeyIds.Count);
            foreach (var kid in KeyIds)
            {
                UuidBytes.WriteBigEndian(kid, uuid);
                writer.WriteBytes(uuid);
            }
        }

        writer.WriteUInt32((uint)Data.Length);
        writer.WriteBytes(Data.Span);
        writer.EndBox();
    }

    /// <summary>The complete <c>pssh</c> box.</summary>
    public byte[] ToBoxBytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(new BoxWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
