using System.Buffers;
using Meridian.Media.Cmaf;
using Meridian.Media.Crypto;
using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Tests.Infrastructure;

namespace Meridian.Media.Tests.Crypto;

/// <summary>Packages a whole track into one protected fMP4 (init + one segment per GOP or audio chunk), as the origin will.</summary>
public static class EncryptedSegments
{
    public static readonly Guid KeyId = new("6f651ae1-dbe4-4434-bcb4-690d1564c41c");

    public static readonly ContentKey Key = new(KeyId, Convert.FromHexString("3a2a1b68dd2bd9b2eeb25e84c4776668"));

    /// <summary>Every test clip's codecs under both CMAF schemes: H.264 + AAC, HEVC, AAC alone.</summary>
    public static TheoryData<TestMedia, EncryptionScheme> MediaAndSchemes() => new()
    {
        { TestMedia.H264Aac48, EncryptionScheme.Cenc },
        { TestMedia.H264Aac48, EncryptionScheme.Cbcs },
        { TestMedia.Hevc, EncryptionScheme.Cenc },
        { TestMedia.Hevc, EncryptionScheme.Cbcs },
        { TestMedia.Aac44, EncryptionScheme.Cenc },
        { TestMedia.Aac44, EncryptionScheme.Cbcs },
    };

    public static string KeyHex => Convert.ToHexString(Key.Key).ToLowerInvariant();

    public static CencProtection Protection(EncryptionScheme scheme) =>
        new(scheme, Key, CencProtection.StandardSystems(KeyId, scheme, "https://kd.example/PlayReady/"));

    public static byte[] Init(TrackInfo track, ICmafInitProtection? protection)
    {
        var buffer = new ArrayBufferWriter<byte>();
        CmafInitSegmentWriter.Write(track, buffer, protection);
        return buffer.WrittenSpan.ToArray();
    }

    public static async Task<byte[]> SegmentAsync(IRandomAccessSource source, TrackInfo track, int first, int count, uint sequence, CencProtection? protection)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var encryptor = protection?.CreateEncryptor(track);
        await CmafMediaSegmentWriter.WriteAsync(source, track, first, count, sequence, buffer, encryptor, TestContext.Current.CancellationToken);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Sample ranges: one per GOP for video, <paramref name="audioChunk"/> samples for audio.</summary>
    public static List<(int First, int Count)> Ranges(TrackInfo track, int audioChunk = 94)
    {
        var result = new List<(int, int)>();
        var samples = track.Samples;
        var first = 0;
        while (first < samples.Count)
        {
            var end = first + 1;
            while (end < samples.Count && !(samples.IsSync(end) && (track.IsVideo || end - first >= audioChunk)))
            {
                end++;
            }

            result.Add((first, end - first));
            first = end;
        }

        return result;
    }

    public static async Task<byte[]> WholeTrackAsync(IRandomAccessSource source, TrackInfo track, CencProtection? protection)
    {
        using var output = new MemoryStream();
        output.Write(Init(track, protection));
        uint sequence = 1;
        foreach (var (first, count) in Ranges(track))
        {
            output.Write(await SegmentAsync(source, track, first, count, sequence++, protection));
        }

        return output.ToArray();
    }
}
