using System.Buffers.Binary;
using System.Text;

namespace Meridian.Media.Tests.Crypto;

/// <summary>A deliberately independent ISO-BMFF walker for the tests: boxes by type, with absolute offsets.</summary>
public static class TestBoxes
{
    public readonly record struct Box(string Type, int Start, int Size, int PayloadStart)
    {
        public int End => Start + Size;

        public int PayloadSize => End - PayloadStart;
    }

    /// <summary>Bytes before the child boxes of container types whose payload starts with fixed fields.</summary>
    private static int ChildOffset(string type, byte[] data, Box box) => type switch
    {
        "stsd" => 8,
        "encv" or "avc1" or "hvc1" => 78,
        "enca" or "mp4a" => 28,
        _ => 0,
    };

    public static List<Box> Children(byte[] data, int start, int end)
    {
        var result = new List<Box>();
        var p = start;
        while (p + 8 <= end)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(p));
            var type = Encoding.ASCII.GetString(data, p + 4, 4);
            Assert.True(size >= 8 && p + size <= end, $"box '{type}' at {p} has a bad size {size}");
            result.Add(new Box(type, p, size, p + 8));
            p += size;
        }

        Assert.Equal(end, p);
        return result;
    }

    public static List<Box> TopLevel(byte[] data) => Children(data, 0, data.Length);

    public static List<Box> ChildrenOf(byte[] data, Box box) => Children(data, box.PayloadStart + ChildOffset(box.Type, data, box), box.End);

    /// <summary>The single box at a slash-separated path of types under <paramref name="parent"/> (top level when null).</summary>
    public static Box Find(byte[] data, string path, Box? parent = null)
    {
        var current = parent;
        foreach (var type in path.Split('/'))
        {
            var children = current is null ? TopLevel(data) : ChildrenOf(data, current.Value);
            current = Assert.Single(children, b => b.Type == type);
        }

        return current!.Value;
    }

    public static List<Box> All(byte[] data, string type, Box parent) => [.. ChildrenOf(data, parent).Where(b => b.Type == type)];

    public static uint U32(byte[] data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));

    public static ushort U16(byte[] data, int offset) => BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(offset));
}
