using System.Buffers.Binary;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Hostile;

public sealed class HostileInputTests(MediaFiles files)
{
    [Theory]
    [InlineData(TestMedia.SmallFaststart)]
    [InlineData(TestMedia.SmallFragmented)]
    [InlineData(TestMedia.H264Aac48)]
    public async Task ReadAsync_TruncatedAnywhere_ThrowsMediaFormatException(TestMedia media)
    {
        var data = await files.ReadAllBytesAsync(media);
        Assert.Null(await HostileParse.RunAsync(data, "complete file"));
        // A fragmented file cut exactly between top-level boxes after the moov is itself a valid (shorter) file.
        var boundaries = HostileParse.BoxOffsets(data).Select(b => b.Offset).ToHashSet();
        var moovEnd = HostileParse.BoxOffsets(data).First(b => b.Type.ToString() == "moov").Offset;
        var step = Math.Max(1, data.Length / 2000);
        for (var cut = 0; cut < data.Length; cut += cut < 4096 ? 1 : step)
        {
            var error = await HostileParse.RunAsync(data[..cut], $"cut at {cut}");
            var validPrefix = media == TestMedia.SmallFragmented && cut > moovEnd && boundaries.Contains(cut);
            Assert.True(error is not null || validPrefix, $"a file cut at {cut} of {data.Length} parsed");
        }
    }

    [Theory]
    [InlineData("box past the end", "00000400 66747970 69736f36 00000000")]
    [InlineData("size smaller than header", "00000004 66747970 69736f36 00000000")]
    [InlineData("largesize smaller than header", "00000001 6d6f6f76 0000000000000008")]
    [InlineData("largesize past long.MaxValue", "00000001 6d6f6f76 ffffffffffffffff")]
    [InlineData("size 0 moov without mvhd", "00000000 6d6f6f76 00000000 00000000")]
    [InlineData("trailing bytes", "00000008 66726565 0000")]
    [InlineData("child larger than parent", "00000018 6d6f6f76 00000100 7472616b 00000000 00000000")]
    [InlineData("moof before moov", "00000010 6d6f6f66 00000008 6d666864")]
    [InlineData("no moov", "00000008 66726565")]
    public async Task ReadAsync_CraftedBoxes_ThrowsMediaFormatException(string name, string hex)
    {
        var error = await HostileParse.RunAsync(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), name);
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData(0u, 0x80000000u)]
    [InlineData(1u, 0x80000000u)]
    [InlineData(0u, 0xFFFFFFFFu)]
    [InlineData(4000u, 0x7FFFFFu)]
    public async Task ReadAsync_StszClaimsAbsurdSampleCount_ThrowsWithoutAllocating(uint sampleSize, uint count)
    {
        var data = await files.ReadAllBytesAsync(TestMedia.SmallFaststart);
        var stsz = HostileParse.BoxOffsets(data).First(b => b.Type.ToString() == "stsz").Offset;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(stsz + 12), sampleSize);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(stsz + 16), count);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await HostileParse.RunAsync(data, "stsz");
        Assert.NotNull(error);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024, "rejecting the count allocated more than 64 MiB");
    }

    [Fact]
    public async Task ReadAsync_MoovClaimsOneGigabyte_ThrowsWithoutReadingIt()
    {
        var header = Convert.FromHexString("40000000" + "6d6f6f76");
        var source = new SparseSource(header, 2L * 1024 * 1024 * 1024);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await HostileParse.RunAsync(source, "1 GiB moov");
        Assert.NotNull(error);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16L * 1024 * 1024);
        Assert.True(source.BytesRead < 1024, $"read {source.BytesRead} bytes");
    }

    [Fact]
    public async Task ReadAsync_ProgressiveFile_ReadsOnlyHeadersAndMoov()
    {
        var data = await files.ReadAllBytesAsync(TestMedia.H264Aac48);
        var source = new SparseSource(data, data.Length);
        await Meridian.Media.Indexing.MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var moov = HostileParse.BoxOffsets(data).First(b => b.Type.ToString() == "moov").Offset;
        var moovSize = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(moov));
        Assert.True(source.BytesRead <= moovSize + 256, $"read {source.BytesRead} bytes of {data.Length}, moov is {moovSize}");
    }

    /// <summary>A large source whose bytes are zero past a prefix; counts what the reader asks for.</summary>
    private sealed class SparseSource(byte[] prefix, long length) : IRandomAccessSource
    {
        public long BytesRead { get; private set; }

        public long Length => length;

        public ValueTask<int> ReadAtAsync(long offset, Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var count = (int)Math.Min(buffer.Length, Math.Max(0, length - offset));
            buffer.Span[..count].Clear();
            if (offset < prefix.Length)
            {
                var n = (int)Math.Min(count, prefix.Length - offset);
                prefix.AsSpan((int)offset, n).CopyTo(buffer.Span);
            }

            BytesRead += count;
            return ValueTask.FromResult(count);
        }
    }
}
