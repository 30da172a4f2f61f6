using System.Buffers;
using Meridian.Media.Cmaf;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;
using Meridian.Media.Sources;

namespace Meridian.Media.Tests.Infrastructure;

/// <summary>Parses (and, when that succeeds, packages) untrusted bytes within a time bound.</summary>
public static class HostileParse
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Returns null when the input parsed and packaged, or the MediaFormatException; anything else fails the test.</summary>
    public static async Task<MediaFormatException?> RunAsync(IRandomAccessSource source, string label)
    {
        var work = Task.Run(async () =>
        {
            var index = await MediaIndexReader.ReadAsync(source);
            foreach (var track in index.Tracks)
            {
                var sink = new ArrayBufferWriter<byte>();
                CmafInitSegmentWriter.Write(track, sink);
                if (track.Samples.Count > 0)
                {
                    await CmafMediaSegmentWriter.WriteAsync(source, track, 0, Math.Min(track.Samples.Count, 4), 1, sink);
                }

                _ = BoxDump.Dump(sink.WrittenSpan);
            }
        });
        try
        {
            await work.WaitAsync(Bound);
            return null;
        }
        catch (MediaFormatException e)
        {
            return e;
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{label}: parsing did not finish within {Bound}.");
            throw;
        }
        catch (Exception e)
        {
            Assert.Fail($"{label}: {e.GetType().Name} instead of MediaFormatException: {e}");
            throw;
        }
    }

    public static Task<MediaFormatException?> RunAsync(byte[] data, string label) => RunAsync(new MemoryRandomAccessSource(data), label);

    /// <summary>Offsets of every box header reachable through the usual containers, for targeted size edits.</summary>
    public static List<(FourCC Type, int Offset)> BoxOffsets(byte[] data)
    {
        var result = new List<(FourCC, int)>();
        Walk(data, 0, data.Length, result, 0);
        return result;
    }

    private static void Walk(byte[] data, int start, int end, List<(FourCC, int)> result, int depth)
    {
        string[] containers = ["moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf", "edts", "dinf"];
        var offset = start;
        while (offset + 8 <= end && depth < 10)
        {
            var header = BoxHeader.Parse(data.AsSpan(offset, Math.Min(32, end - offset)), offset, end);
            result.Add((header.Type, offset));
            if (containers.Contains(header.Type.ToString()))
            {
                Walk(data, (int)header.PayloadOffset, (int)header.End, result, depth + 1);
            }
            else if (header.Type.ToString() == "stsd")
            {
                Walk(data, (int)header.PayloadOffset + 8, (int)header.End, result, depth + 1);
            }

            offset = (int)header.End;
        }
    }
}
