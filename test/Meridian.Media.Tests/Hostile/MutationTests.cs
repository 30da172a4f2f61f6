using System.Buffers.Binary;
using System.Diagnostics;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Hostile;

public sealed class MutationTests(MediaFiles files)
{
    private static readonly uint[] InterestingSizes = [0, 1, 7, 8, 9, 15, 16, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFF8];

    [Theory]
    [InlineData(TestMedia.SmallFaststart, 3000, 1)]
    [InlineData(TestMedia.SmallFragmented, 2000, 2)]
    public async Task ReadAsync_MutatedFiles_ParseOrThrowMediaFormatException(TestMedia media, int mutants, int seed)
    {
        var original = await files.ReadAllBytesAsync(media);
        var boxes = HostileParse.BoxOffsets(original);
        var metadataEnd = boxes.Where(b => b.Type.ToString() is "moov" or "moof").Max(b => b.Offset + 64);
        var random = new Random(seed);
        int parsed = 0, rejected = 0;
        var clock = Stopwatch.StartNew();
        for (var m = 0; m < mutants; m++)
        {
            var data = (byte[])original.Clone();
            var kind = random.Next(4);
            var edits = 1 + random.Next(3);
            for (var e = 0; e < edits; e++)
            {
                var (_, offset) = boxes[random.Next(boxes.Count)];
                switch (kind)
                {
                    case 0:
                        // Random byte flips, concentrated in the metadata.
                        data[random.Next(Math.Min(data.Length, metadataEnd + 4096))] ^= (byte)(1 << random.Next(8));
                        break;
                    case 1:
                        // Box size fields set to boundary values.
                        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset), InterestingSizes[random.Next(InterestingSizes.Length)]);
                        break;
                    case 2:
                        // Box sizes nudged by a little.
                        var size = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset));
                        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset), (uint)(size + random.Next(-16, 17)));
                        break;
                    default:
                        // Counts and fields just after a header (entry counts, versions, flags, sample counts).
                        var at = offset + 8 + (4 * random.Next(4));
                        if (at + 4 <= data.Length)
                        {
                            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(at), (uint)random.NextInt64(0, uint.MaxValue + 1L));
                        }

                        break;
                }
            }

            var error = await HostileParse.RunAsync(data, $"{media} mutant {m} (seed {seed})");
            if (error is null)
            {
                parsed++;
            }
            else
            {
                rejected++;
            }
        }

        Assert.Equal(mutants, parsed + rejected);
        Assert.True(rejected > mutants / 10, $"only {rejected} of {mutants} mutants were rejected; the mutator is not biting");
        TestContext.Current.SendDiagnosticMessage($"{media}: {parsed} parsed, {rejected} rejected in {clock.Elapsed}");
    }
}
