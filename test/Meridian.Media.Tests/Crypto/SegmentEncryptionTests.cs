using System.Security.Cryptography;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;
using Meridian.Media.Tests.Ts;

namespace Meridian.Media.Tests.Crypto;

public sealed class SegmentEncryptionTests(MediaFiles files)
{
    [Fact]
    public async Task TsSegments_EncryptedWithSequenceIv_DecryptToTheClearSegment()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var segments = await TsSegments.AllAsync(source, index.Tracks.First(t => t.IsVideo), index.Tracks.First(t => t.IsAudio), firstSequence: 0);
        Assert.NotEmpty(segments);
        for (var k = 0; k < segments.Count; k++)
        {
            var iv = IvDerivation.SequenceNumberIv(k);
            AssertRoundTrip(segments[k], iv);
        }
    }

    [Fact]
    public async Task CmafSegments_EncryptedWithDerivedIv_DecryptToTheClearSegment_Deterministically()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        foreach (var track in index.Tracks)
        {
            var ranges = EncryptedSegments.Ranges(track);
            for (var k = 0; k < ranges.Count; k++)
            {
                var clear = await EncryptedSegments.SegmentAsync(source, track, ranges[k].First, ranges[k].Count, (uint)k + 1, null);
                var iv = IvDerivation.SegmentIv(EncryptedSegments.Key, track.TrackId, k);
                AssertRoundTrip(clear, iv);
                Assert.Equal(
                    SegmentEncryption.EncryptSegment(EncryptedSegments.Key.Key, iv, clear),
                    SegmentEncryption.EncryptSegment(EncryptedSegments.Key.Key, IvDerivation.SegmentIv(EncryptedSegments.Key, track.TrackId, k), clear));
            }

            // The init segment too (hls.js needs an explicit IV for an encrypted EXT-X-MAP).
            AssertRoundTrip(EncryptedSegments.Init(track, null), IvDerivation.SegmentIv(EncryptedSegments.Key, track.TrackId, -1));
        }
    }

    private static void AssertRoundTrip(byte[] clear, byte[] iv)
    {
        var encrypted = SegmentEncryption.EncryptSegment(EncryptedSegments.Key.Key, iv, clear);
        Assert.Equal(0, encrypted.Length % 16);
        Assert.InRange(encrypted.Length - clear.Length, 1, 16);
        Assert.False(encrypted.AsSpan(0, 64).SequenceEqual(clear.AsSpan(0, 64)));
        var destination = new byte[SegmentEncryption.EncryptedLength(clear.Length)];
        Assert.Equal(destination.Length, SegmentEncryption.EncryptSegment(EncryptedSegments.Key.Key, iv, clear, destination));
        Assert.Equal(encrypted, destination);
        using var aes = Aes.Create();
        aes.Key = EncryptedSegments.Key.Key.ToArray();
        Assert.Equal(clear, aes.DecryptCbc(encrypted, iv, PaddingMode.PKCS7));
    }
}
