using Meridian.Media.Indexing;
using Meridian.Media.Sources;
using Meridian.Media.Ts;

namespace Meridian.Media.Tests.Codecs;

/// <summary>The NAL units of a test stream in decode order, from an MP4's first video track or an Annex B file.</summary>
public static class NalUnits
{
    public static async Task<(NalConfiguration Configuration, List<byte[]> Units)> FromMp4Async(string path)
    {
        using var source = FileRandomAccessSource.Open(path);
        var index = await MediaIndexReader.ReadAsync(source);
        var track = index.Tracks.First(t => t.IsVideo);
        var configuration = NalConfiguration.From(track.Codec);
        var file = await File.ReadAllBytesAsync(path);
        var units = new List<byte[]>();
        for (var i = 0; i < track.Samples.Count; i++)
        {
            var sample = file.AsSpan((int)track.Samples.Offsets[i], (int)track.Samples.Sizes[i]);
            while (!sample.IsEmpty)
            {
                var length = 0;
                for (var b = 0; b < configuration.LengthSize; b++)
                {
                    length = (length << 8) | sample[b];
                }

                units.Add(sample.Slice(configuration.LengthSize, length).ToArray());
                sample = sample[(configuration.LengthSize + length)..];
            }
        }

        return (configuration, units);
    }

    /// <summary>Splits at start codes, dropping trailing_zero_8bits (ITU-T H.264/H.265 Annex B).</summary>
    public static List<byte[]> FromAnnexB(byte[] stream)
    {
        var starts = new List<int>();
        for (var i = 0; i + 2 < stream.Length; i++)
        {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1)
            {
                starts.Add(i + 3);
                i += 2;
            }
        }

        var units = new List<byte[]>();
        for (var s = 0; s < starts.Count; s++)
        {
            var end = s + 1 < starts.Count ? starts[s + 1] - 3 : stream.Length;
            while (end > starts[s] && stream[end - 1] == 0)
            {
                end--;
            }

            units.Add(stream[starts[s]..end]);
        }

        return units;
    }

    public static bool IsSlice(VideoCodec codec, byte[] unit) =>
        codec == VideoCodec.H264 ? (unit[0] & 0x1F) is 1 or 5 : ((unit[0] >> 1) & 0x3F) is <= 9 or (>= 16 and <= 21);
}
