using System.Buffers;
using Meridian.Media.Cmaf;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Smooth;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Crypto;

/// <summary>
/// The segment writers encrypt while copying samples into the <c>mdat</c> (<see cref="ICmafCopyingSampleTransform"/>); the
/// bytes must be exactly those of the in-place path (<see cref="ICmafSampleTransform.TransformSample"/>), which a wrapper
/// that hides the copying interface forces.
/// </summary>
public sealed class CopyingEncryptionTests(MediaFiles files)
{
    [Theory]
    [MemberData(nameof(EncryptedSegments.MediaAndSchemes), MemberType = typeof(EncryptedSegments))]
    public async Task CmafSegments_CopyingAndInPlace_AreIdentical(TestMedia media, EncryptionScheme scheme)
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(media));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var protection = EncryptedSegments.Protection(scheme);
        foreach (var track in index.Tracks)
        {
            // One encryptor per mode across all segments, so the reset between segments is covered too.
            using var copying = protection.CreateEncryptor(track);
            using var inPlace = protection.CreateEncryptor(track);
            foreach (var (first, count) in EncryptedSegments.Ranges(track))
            {
                var viaCopy = await CmafAsync(source, track, first, count, copying);
                var viaInPlace = await CmafAsync(source, track, first, count, new InPlaceOnly(inPlace));
                var clear = await CmafAsync(source, track, first, count, null);
                Assert.Equal(viaInPlace, viaCopy);
                Assert.NotEqual(clear, viaCopy);
            }
        }
    }

    [Fact]
    public async Task SmoothFragments_CopyingAndInPlace_AreIdentical()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var protection = EncryptedSegments.Protection(EncryptionScheme.Cenc);
        foreach (var track in index.Tracks)
        {
            foreach (var (first, count) in EncryptedSegments.Ranges(track))
            {
                using var copying = protection.CreateSmoothEncryptor(track);
                using var inPlace = protection.CreateSmoothEncryptor(track);
                var viaCopy = new ArrayBufferWriter<byte>();
                var viaInPlace = new ArrayBufferWriter<byte>();
                await SmoothFragmentWriter.WriteAsync(source, track, first, count, 1, viaCopy, copying, TestContext.Current.CancellationToken);
                await SmoothFragmentWriter.WriteAsync(source, track, first, count, 1, viaInPlace, new InPlaceOnly(inPlace), TestContext.Current.CancellationToken);
                Assert.Equal(viaInPlace.WrittenSpan.ToArray(), viaCopy.WrittenSpan.ToArray());
            }
        }
    }

    [Fact]
    public async Task Encryptor_RejectsCopiesOutOfProtocol()
    {
        using var source = FileRandomAccessSource.Open(await files.GetAsync(TestMedia.H264Aac48));
        var index = await MediaIndexReader.ReadAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        var audio = index.Tracks.First(t => t.IsAudio);
        using var encryptor = EncryptedSegments.Protection(EncryptionScheme.Cenc).CreateEncryptor(audio);
        var sample = new byte[100];

        // Before the boxes are written there is nothing to copy.
        encryptor.PlanSample(0, sample);
        encryptor.PlanSample(1, sample);
        Assert.Throws<InvalidOperationException>(() => encryptor.CopySamples(new byte[200], new byte[200]));

        // Planned and in-place samples do not mix within a segment.
        Assert.Throws<InvalidOperationException>(() => encryptor.TransformSample(2, sample));

        var writer = new BoxWriter(new ArrayBufferWriter<byte>());
        writer.StartBox(BoxTypes.Traf);
        encryptor.WriteTrackFragmentBoxes(writer, 0, 0, 2);
        writer.EndBox();
        var planned = new byte[200];
        var destination = new byte[200];
        Assert.Throws<ArgumentException>(() => encryptor.CopySamples(planned.AsSpan(0, 100), destination));
        Assert.Throws<ArgumentException>(() => encryptor.CopySamples(planned, planned));
        encryptor.CopySamples(planned, destination);
        Assert.NotEqual(planned, destination);

        // The segment is complete: the encryptor takes the next one, and copies are not repeated.
        Assert.Throws<InvalidOperationException>(() => encryptor.CopySamples(planned, destination));
        encryptor.TransformSample(2, sample);
    }

    private static async Task<byte[]> CmafAsync(IRandomAccessSource source, TrackInfo track, int first, int count, ICmafSampleTransform? transform)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await CmafMediaSegmentWriter.WriteAsync(source, track, first, count, 1, buffer, transform, TestContext.Current.CancellationToken);
        return buffer.WrittenSpan.ToArray();
    }

    private sealed class InPlaceOnly(ICmafSampleTransform inner) : ICmafSampleTransform
    {
        public void TransformSample(int sampleIndex, Span<byte> sample) => inner.TransformSample(sampleIndex, sample);

        public void WriteTrackFragmentBoxes(BoxWriter writer, long moofStart, int firstSample, int sampleCount) =>
            inner.WriteTrackFragmentBoxes(writer, moofStart, firstSample, sampleCount);
    }
}
