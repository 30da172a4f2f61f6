using System.Buffers;
using Meridian.Media.Cmaf;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Crypto;

/// <summary>
/// A segment built by reading its samples into place and encrypting them there, piece by piece
/// (<see cref="CencSampleEncryptor.ReadAndEncryptAsync"/>, the origin's first build), or produced again from its exported
/// plan (<see cref="CencSampleEncryptor.ReadEncryptedAsync"/>, its repeats) must be byte for byte the segment the writer
/// built.
/// </summary>
public sealed class SegmentPlanTests(MediaFiles files)
{
    [Theory]
    [MemberData(nameof(EncryptedSegments.MediaAndSchemes), MemberType = typeof(EncryptedSegments))]
    public async Task SegmentsBuiltInPlace_OrFromPlans_AreTheWritersSegments(TestMedia media, EncryptionScheme scheme)
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(media));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var protection = EncryptedSegments.Protection(scheme);
        foreach (var track in index.Tracks)
        {
            // Each encryptor takes every segment of the track in turn, reading in pieces of one sample each, of a few
            // samples, and the default (usually the whole segment).
            using var single = new CencSampleEncryptor(protection, track) { PieceBytes = 1 };
            using var few = new CencSampleEncryptor(protection, track) { PieceBytes = 16 * 1024 };
            using var whole = protection.CreateEncryptor(track);
            CencSampleEncryptor[] encryptors = [single, few, whole];
            uint sequence = 1;
            foreach (var (first, count) in EncryptedSegments.Ranges(track))
            {
                var built = await EncryptedSegments.SegmentAsync(source, track, first, count, sequence, protection);
                var plan = await PlanAsync(source, track, first, count, sequence, protection);
                Assert.Equal(built.AsSpan(0, plan.Header.Length).ToArray(), plan.Header.ToArray());
                Assert.Equal(built.Length, plan.Header.Length + plan.PayloadLength);
                foreach (var encryptor in encryptors)
                {
                    // A repeat: the samples from the plan the copying writer left.
                    var payload = new byte[plan.PayloadLength + 7];
                    await encryptor.ReadEncryptedAsync(source, plan, payload, TestContext.Current.CancellationToken);
                    Assert.Equal(built.AsSpan(plan.Header.Length).ToArray(), payload.AsSpan(0, plan.PayloadLength).ToArray());
                    Assert.All(payload.AsSpan(plan.PayloadLength).ToArray(), b => Assert.Equal(0, b));

                    // A first build in place, and a repeat from the plan it keeps.
                    var inPlace = new byte[built.Length + 7];
                    var length = await encryptor.ReadAndEncryptAsync(source, first, count, inPlace, TestContext.Current.CancellationToken);
                    var header = new ArrayBufferWriter<byte>();
                    Assert.Equal(length, CmafMediaSegmentWriter.WriteTransformedHeader(track, first, count, sequence, header, encryptor));
                    Assert.Equal(built, (byte[])[.. header.WrittenSpan, .. inPlace.AsSpan(0, length)]);
                    Assert.All(inPlace.AsSpan(length).ToArray(), b => Assert.Equal(0, b));
                    var kept = encryptor.ExportPlan(header.WrittenSpan);
                    Array.Clear(payload);
                    await encryptor.ReadEncryptedAsync(source, kept, payload, TestContext.Current.CancellationToken);
                    Assert.Equal(built.AsSpan(header.WrittenCount).ToArray(), payload.AsSpan(0, kept.PayloadLength).ToArray());
                }

                sequence++;
            }
        }
    }

    [Fact]
    public async Task EncryptingInPlace_IsRefusedOutOfProtocol_AndAFailureLeavesNothingBehind()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var video = index.Tracks.First(t => t.IsVideo);
        var protection = EncryptedSegments.Protection(EncryptionScheme.Cenc);
        var ranges = EncryptedSegments.Ranges(video);
        var (first, count) = ranges[0];
        using var encryptor = protection.CreateEncryptor(video);
        var payload = new byte[CmafMediaSegmentWriter.PayloadLength(video, first, count)];

        // Out of range or too short a destination; planned samples awaiting their copy.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await encryptor.ReadAndEncryptAsync(source, first, count, payload.AsMemory(1), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await encryptor.ReadAndEncryptAsync(source, video.Samples.Count - 1, 2, payload, TestContext.Current.CancellationToken));
        encryptor.PlanSample(first, new byte[16]);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await encryptor.ReadAndEncryptAsync(source, first, count, payload, TestContext.Current.CancellationToken));

        // A Smooth encryptor takes rewritten samples, not the stored ones.
        using var smooth = protection.CreateSmoothEncryptor(video);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await smooth.ReadAndEncryptAsync(source, first, count, payload, TestContext.Current.CancellationToken));

        // Encrypted but the boxes not written: no plan yet, nothing else may start.
        using var builder = protection.CreateEncryptor(video);
        await builder.ReadAndEncryptAsync(source, first, count, payload, TestContext.Current.CancellationToken);
        Assert.Throws<InvalidOperationException>(() => builder.ExportPlan([]));
        Assert.Throws<InvalidOperationException>(() => builder.PlanSample(first + count, new byte[16]));
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await builder.ReadAndEncryptAsync(source, first, count, payload, TestContext.Current.CancellationToken));

        // Boxes written once only; then the next segment starts clean.
        var header = new ArrayBufferWriter<byte>();
        CmafMediaSegmentWriter.WriteTransformedHeader(video, first, count, 1, header, builder);
        Assert.Throws<InvalidOperationException>(() => CmafMediaSegmentWriter.WriteTransformedHeader(video, first, count, 1, new ArrayBufferWriter<byte>(), builder));
        var (next, nextCount) = ranges[1];
        var nextPayload = new byte[CmafMediaSegmentWriter.PayloadLength(video, next, nextCount)];
        await builder.ReadAndEncryptAsync(source, next, nextCount, nextPayload, TestContext.Current.CancellationToken);
        var nextHeader = new ArrayBufferWriter<byte>();
        CmafMediaSegmentWriter.WriteTransformedHeader(video, next, nextCount, 2, nextHeader, builder);
        Assert.Equal(
            await EncryptedSegments.SegmentAsync(source, video, next, nextCount, 2, protection),
            (byte[])[.. nextHeader.WrittenSpan, .. nextPayload]);

        // A sample that is not NAL units fails the build; the encryptor forgets that half segment and builds the next.
        var corrupt = new byte[payload.Length];
        var file = await File.ReadAllBytesAsync(await files.GetAsync(TestMedia.H264Aac48), TestContext.Current.CancellationToken);
        var broken = new MemoryRandomAccessSource(BrokenSampleFile(file, video, first));
        using var failing = new CencSampleEncryptor(protection, video) { PieceBytes = 1 };
        await Assert.ThrowsAsync<MediaFormatException>(async () =>
            await failing.ReadAndEncryptAsync(broken, first, count, corrupt, TestContext.Current.CancellationToken));
        await failing.ReadAndEncryptAsync(source, next, nextCount, nextPayload, TestContext.Current.CancellationToken);
        var afterFailure = new ArrayBufferWriter<byte>();
        CmafMediaSegmentWriter.WriteTransformedHeader(video, next, nextCount, 2, afterFailure, failing);
        Assert.Equal(nextHeader.WrittenSpan.ToArray(), afterFailure.WrittenSpan.ToArray());
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

    // The file with the first NAL length of the segment's second sample made to run past the sample's end.
    private static byte[] BrokenSampleFile(byte[] file, TrackInfo video, int first)
    {
        var offset = (int)video.Samples.Offsets[first + 1];
        file[offset] = 0x7f;
        return file;
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
