using System.Buffers;
using Meridian.Media.Cmaf;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Crypto;

/// <summary>
/// A segment produced again from its exported plan (<see cref="CencSampleEncryptor.ReadEncryptedAsync"/>: samples read into
/// place and encrypted there, piece by piece) must be byte for byte the segment the writer built.
/// </summary>
public sealed class SegmentPlanTests(MediaFiles files)
{
    [Theory]
    [MemberData(nameof(EncryptedSegments.MediaAndSchemes), MemberType = typeof(EncryptedSegments))]
    public async Task SegmentsFromPlans_AreTheBuiltSegments(TestMedia media, EncryptionScheme scheme)
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(media));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var protection = EncryptedSegments.Protection(scheme);
        foreach (var track in index.Tracks)
        {
            // One replaying encryptor per piece size across all segments: pieces of one sample each, of a few samples, and
            // the default (usually the whole segment).
            using var single = new CencSampleEncryptor(protection, track) { PieceBytes = 1 };
            using var few = new CencSampleEncryptor(protection, track) { PieceBytes = 16 * 1024 };
            using var whole = protection.CreateEncryptor(track);
            CencSampleEncryptor[] replays = [single, few, whole];
            uint sequence = 1;
            foreach (var (first, count) in EncryptedSegments.Ranges(track))
            {
                var built = await EncryptedSegments.SegmentAsync(source, track, first, count, sequence, protection);
                var plan = await PlanAsync(source, track, first, count, sequence++, protection);
                Assert.Equal(built.AsSpan(0, plan.Header.Length).ToArray(), plan.Header.ToArray());
                Assert.Equal(built.Length, plan.Header.Length + plan.PayloadLength);
                foreach (var replay in replays)
                {
                    var payload = new byte[plan.PayloadLength + 7];
                    await replay.ReadEncryptedAsync(source, plan, payload, TestContext.Current.CancellationToken);
                    Assert.Equal(built.AsSpan(plan.Header.Length).ToArray(), payload.AsSpan(0, plan.PayloadLength).ToArray());
                    Assert.All(payload.AsSpan(plan.PayloadLength).ToArray(), b => Assert.Equal(0, b));
                }
            }
        }
    }

    [Fact]
    public async Task Plans_AreRefusedOutOfProtocol()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var video = index.Tracks.First(t => t.IsVideo);
        var audio = index.Tracks.First(t => t.IsAudio);
        var protection = EncryptedSegments.Protection(EncryptionScheme.Cenc);
        var (first, count) = EncryptedSegments.Ranges(video)[0];
        var plan = await PlanAsync(source, video, first, count, 1, protection);

        using var encryptor = protection.CreateEncryptor(video);

        // Nothing planned yet, then planned but the boxes not written: no plan to export.
        Assert.Throws<InvalidOperationException>(() => encryptor.ExportPlan(plan.Header.Span));
        encryptor.PlanSample(first, new byte[16]);
        Assert.Throws<InvalidOperationException>(() => encryptor.ExportPlan(plan.Header.Span));

        // Mid-segment the encryptor cannot replay another.
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await encryptor.ReadEncryptedAsync(source, plan, new byte[plan.PayloadLength], TestContext.Current.CancellationToken));

        // A plan of another track, a destination too short.
        using var forAudio = protection.CreateEncryptor(audio);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await forAudio.ReadEncryptedAsync(source, plan, new byte[plan.PayloadLength], TestContext.Current.CancellationToken));
        using var replay = protection.CreateEncryptor(video);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await replay.ReadEncryptedAsync(source, plan, new byte[plan.PayloadLength - 1], TestContext.Current.CancellationToken));

        // A header that does not end with the planned samples' mdat header.
        using var other = protection.CreateEncryptor(video);
        var header = new ArrayBufferWriter<byte>();
        using var planned = await CmafMediaSegmentWriter.WriteHeaderAsync(source, video, first, count, 1, header, other, TestContext.Current.CancellationToken);
        Assert.Throws<ArgumentException>(() => other.ExportPlan(header.WrittenSpan[..^1]));
        Assert.Throws<ArgumentException>(() => other.ExportPlan([.. header.WrittenSpan[..^8], 0, 0, 0, 9, .. "mdat"u8]));
        Assert.Equal(plan.Header.ToArray(), other.ExportPlan(header.WrittenSpan).Header.ToArray());
    }

    private static async Task<CencSegmentPlan> PlanAsync(
        IRandomAccessSource source, TrackInfo track, int first, int count, uint sequence, CencProtection protection)
    {
        using var encryptor = protection.CreateEncryptor(track);
        var header = new ArrayBufferWriter<byte>();
        using var planned = await CmafMediaSegmentWriter.WriteHeaderAsync(source, track, first, count, sequence, header, encryptor,
            TestContext.Current.CancellationToken);
        return encryptor.ExportPlan(header.WrittenSpan);
    }
}
