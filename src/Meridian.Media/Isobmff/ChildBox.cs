namespace Meridian.Media.Isobmff;

/// <summary>A child box found inside an in-memory parent: its header (offsets relative to the parent buffer) and payload.</summary>
internal readonly ref struct ChildBox
{
    public ChildBox(BoxHeader header, ReadOnlySpan<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public BoxHeader Header { get; }

    public FourCC Type => Header.Type;

    public ReadOnlySpan<byte> Payload { get; }
}
