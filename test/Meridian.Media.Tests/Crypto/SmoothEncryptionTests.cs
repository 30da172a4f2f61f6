using System.Buffers;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Smooth;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;
using static Meridian.Media.Tests.Crypto.TestBoxes;

namespace Meridian.Media.Tests.Crypto;

public sealed class SmoothEncryptionTests(MediaFiles files)
{
    [Fact]
    public async Task SmoothFragments_WithPiffSampleEncryption_DecryptToTheClearFragments()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var protection = EncryptedSegments.Protection(EncryptionScheme.Cenc);
        foreach (var track in index.Tracks)
        {
            var reference = new ReferenceDecryptor(EncryptedSegments.Key.Key.ToArray(), EncryptedSegments.Init(track, protection));
            foreach (var (first, count) in EncryptedSegments.Ranges(track))
            {
                var clear = await WriteAsync(source, track, first, count, null);
                using var encryptor = protection.CreateSmoothEncryptor(track);
                var encrypted = await WriteAsync(source, track, first, count, encryptor);

                var traf = Find(encrypted, "moof/traf");
                Assert.Equal(["tfhd", "trun", "uuid", "saiz", "saio", "uuid"], ChildrenOf(encrypted, traf).Select(b => b.Type));
                var piff = ChildrenOf(encrypted, traf)[^1];
                Assert.Equal("A2394F525A9B4F14A2446C427C648DF4", Convert.ToHexString(encrypted, piff.PayloadStart, 16));
                var saio = Find(encrypted, "saio", traf);
                Assert.Equal(piff.PayloadStart + 16 + 8, Find(encrypted, "moof").Start + (int)U32(encrypted, saio.PayloadStart + 8));

                var clearSamples = reference.ReadSegment(clear);
                var encryptedSamples = reference.ReadSegment(encrypted);
                Assert.Equal(count, encryptedSamples.Count);

                // Smooth samples may differ from CMAF ones (widened NAL lengths), so their IVs must differ too.
                var cmaf = reference.ReadSegment(await EncryptedSegments.SegmentAsync(source, track, first, count, 1, protection));
                Assert.All(cmaf.Zip(encryptedSamples), p => Assert.NotEqual(p.First.Iv, p.Second.Iv));
                for (var i = 0; i < count; i++)
                {
                    Assert.NotEqual(clearSamples[i].Data, encryptedSamples[i].Data);
                    Assert.Equal(clearSamples[i].Data, reference.Decrypt(encryptedSamples[i]));
                }
            }
        }
    }

    [Fact]
    public async Task SmoothEncryptor_RequiresCenc()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Throws<InvalidOperationException>(() => EncryptedSegments.Protection(EncryptionScheme.Cbcs).CreateSmoothEncryptor(index.Tracks[0]));
    }

    private static async Task<byte[]> WriteAsync(IRandomAccessSource source, TrackInfo track, int first, int count, CencSampleEncryptor? encryptor)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await SmoothFragmentWriter.WriteAsync(source, track, first, count, 1, buffer, encryptor, TestContext.Current.CancellationToken);
        return buffer.WrittenSpan.ToArray();
    }
}
