using System.Buffers;
using System.Text;
using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;

namespace Meridian.Media.Cmaf;

/// <summary>
/// Writes a CMAF header (ISO/IEC 23000-19 §7.3.1): <c>ftyp</c> + <c>moov</c> for one track with empty sample tables and
/// <c>mvex</c>/<c>trex</c>. The <c>stsd</c> is copied verbatim from the source so decoder configuration is untouched.
/// Output depends only on the track (no clocks, no random values), so every node writes identical bytes.
/// </summary>
public static class CmafInitSegmentWriter
{
    private static readonly FourCC Iso6 = FourCC.Parse("iso6");
    private static readonly FourCC Cmfc = FourCC.Parse("cmfc");
    private static readonly int[] IdentityMatrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];

    /// <param name="track">The track to describe.</param>
    /// <param name="output">Receives the segment bytes.</param>
    /// <param name="protection">When set, the sample entries become <c>encv</c>/<c>enca</c> with a <c>sinf</c> and the
    /// <c>moov</c> carries the hook's <c>pssh</c> boxes.</param>
    public static void Write(TrackInfo track, IBufferWriter<byte> output, ICmafInitProtection? protection = null)
    {
        ArgumentNullException.ThrowIfNull(track);
        var w = new BoxWriter(output);

        w.StartBox(BoxTypes.Ftyp);
        w.WriteFourCC(Iso6);
        w.WriteUInt32(0);
        w.WriteFourCC(Iso6);
        w.WriteFourCC(Cmfc);
        w.EndBox();

        w.StartBox(BoxTypes.Moov);
        WriteMvhd(w, track);
        w.StartBox(BoxTypes.Trak);
        WriteTkhd(w, track);
        WriteEdts(w, track);
        w.StartBox(BoxTypes.Mdia);
        WriteMdhd(w, track);
        WriteHdlr(w, track);
        w.StartBox(BoxTypes.Minf);
        WriteMediaInformationHeader(w, track);
        w.StartBox(BoxTypes.Dinf);
        w.StartFullBox(BoxTypes.Dref, 0, 0);
        w.WriteUInt32(1);
        w.StartFullBox(BoxTypes.Url, 0, 1);
        w.EndBox();
        w.EndBox();
        w.EndBox();
        w.StartBox(BoxTypes.Stbl);
        w.StartBox(BoxTypes.Stsd);
        if (protection is null)
        {
            w.WriteBytes(track.SampleDescriptionPayload.Span);
        }
        else
        {
            WriteProtectedSampleEntries(w, track, protection);
        }

        w.EndBox();
        foreach (var empty in (ReadOnlySpan<FourCC>)[BoxTypes.Stts, BoxTypes.Stsc, BoxTypes.Stco])
        {
            w.StartFullBox(empty, 0, 0);
            w.WriteUInt32(0);
            w.EndBox();
        }

        w.StartFullBox(BoxTypes.Stsz, 0, 0);
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        w.EndBox();
        w.EndBox();
        w.EndBox();
        w.EndBox();
        w.EndBox();

        // §8.8.1: mvex announces movie fragments; trex defaults are all zero because every trun states its fields.
        w.StartBox(BoxTypes.Mvex);
        w.StartFullBox(BoxTypes.Trex, 0, 0);
        w.WriteUInt32(track.TrackId);
        w.WriteUInt32(1);
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        w.EndBox();
        w.EndBox();
        protection?.WriteProtectionSystemHeaders(w, track);
        w.EndBox();
    }

    // §8.12: a protected entry keeps its payload and gains a sinf; its type becomes encv/enca and frma keeps the original.
    private static void WriteProtectedSampleEntries(BoxWriter w, TrackInfo track, ICmafInitProtection protection)
    {
        FourCC protectedType;
        if (track.IsVideo)
        {
            protectedType = FourCC.Parse("encv");
        }
        else if (track.IsAudio)
        {
            protectedType = FourCC.Parse("enca");
        }
        else
        {
            throw new MediaFormatException($"Track {track.TrackId} ('{track.Handler}') is neither video nor audio and cannot be protected.");
        }

        var payload = track.SampleDescriptionPayload.Span;
        w.WriteBytes(payload[..8]);
        foreach (var entry in new ChildBoxEnumerator(payload[8..]))
        {
            w.StartBox(protectedType);
            w.WriteBytes(entry.Payload);
            protection.WriteProtectionSchemeInfo(w, track, entry.Type);
            w.EndBox();
        }
    }

    // ISO/IEC 14496-12 §8.2.2; creation and modification times are 0 for determinism.
    private static void WriteMvhd(BoxWriter w, TrackInfo track)
    {
        w.StartFullBox(BoxTypes.Mvhd, 0, 0);
        w.WriteZeros(8);
        w.WriteUInt32(track.Timescale);
        w.WriteUInt32(0);
        w.WriteUInt32(0x00010000);
        w.WriteUInt16(0x0100);
        w.WriteZeros(10);
        WriteMatrix(w);
        w.WriteZeros(24);
        w.WriteUInt32(track.TrackId + 1);
        w.EndBox();
    }

    // §8.3.2; duration 0 because the duration lives in the fragments.
    private static void WriteTkhd(BoxWriter w, TrackInfo track)
    {
        var h = track.Header;
        w.StartFullBox(BoxTypes.Tkhd, 0, h.Flags & 0xF);
        w.WriteZeros(8);
        w.WriteUInt32(track.TrackId);
        w.WriteZeros(4);
        w.WriteUInt32(0);
        w.WriteZeros(8);
        w.WriteInt16(h.Layer);
        w.WriteInt16(h.AlternateGroup);
        w.WriteInt16(h.Volume);
        w.WriteZeros(2);
        WriteMatrix(w);
        w.WriteUInt32(h.Width);
        w.WriteUInt32(h.Height);
        w.EndBox();
    }

    // §8.6.6 and ISO/IEC 23000-19 §7.5.13: one edit with duration 0 ("the whole track") shifts presentation by the
    // source's media time, preserving B-frame delay and AAC priming removal.
    private static void WriteEdts(BoxWriter w, TrackInfo track)
    {
        if (track.EditMediaTime <= 0)
        {
            return;
        }

        w.StartBox(BoxTypes.Edts);
        var wide = track.EditMediaTime > int.MaxValue;
        w.StartFullBox(BoxTypes.Elst, wide ? (byte)1 : (byte)0, 0);
        w.WriteUInt32(1);
        if (wide)
        {
            w.WriteUInt64(0);
            w.WriteInt64(track.EditMediaTime);
        }
        else
        {
            w.WriteUInt32(0);
            w.WriteInt32((int)track.EditMediaTime);
        }

        w.WriteUInt32(0x00010000);
        w.EndBox();
        w.EndBox();
    }

    // §8.4.2
    private static void WriteMdhd(BoxWriter w, TrackInfo track)
    {
        w.StartFullBox(BoxTypes.Mdhd, 0, 0);
        w.WriteZeros(8);
        w.WriteUInt32(track.Timescale);
        w.WriteUInt32(0);
        var language = track.Language.Length == 3 ? track.Language : "und";
        w.WriteUInt16((ushort)(((language[0] - 0x60) << 10) | ((language[1] - 0x60) << 5) | (language[2] - 0x60)));
        w.WriteUInt16(0);
        w.EndBox();
    }

    // §8.4.3
    private static void WriteHdlr(BoxWriter w, TrackInfo track)
    {
        w.StartFullBox(BoxTypes.Hdlr, 0, 0);
        w.WriteUInt32(0);
        w.WriteFourCC(track.Handler);
        w.WriteZeros(12);
        w.WriteBytes(Encoding.UTF8.GetBytes(track.HandlerBox.Name));
        w.WriteUInt8(0);
        w.EndBox();
    }

    // §12.1.2 vmhd, §12.2.2 smhd, §12.6.2 sthd, §8.4.5.2 nmhd.
    private static void WriteMediaInformationHeader(BoxWriter w, TrackInfo track)
    {
        if (track.Handler == BoxTypes.Vide)
        {
            w.StartFullBox(BoxTypes.Vmhd, 0, 1);
            w.WriteZeros(8);
        }
        else if (track.Handler == BoxTypes.Soun)
        {
            w.StartFullBox(BoxTypes.Smhd, 0, 0);
            w.WriteZeros(4);
        }
        else if (track.Handler == BoxTypes.Subt)
        {
            w.StartFullBox(BoxTypes.Sthd, 0, 0);
        }
        else
        {
            w.StartFullBox(BoxTypes.Nmhd, 0, 0);
        }

        w.EndBox();
    }

    private static void WriteMatrix(BoxWriter w)
    {
        foreach (var value in IdentityMatrix)
        {
            w.WriteInt32(value);
        }
    }
}
