using Meridian.Media.Indexing;
using Meridian.Media.Isobmff;

namespace Meridian.Media.Cmaf;

/// <summary>
/// A hook for <see cref="CmafInitSegmentWriter"/> that marks a track as protected (ISO/IEC 14496-12 §8.12, ISO/IEC
/// 23001-7 §4): the writer renames each sample entry to <c>encv</c>/<c>enca</c>, keeps its payload verbatim and lets the
/// hook append the <c>sinf</c> box; the hook also adds <c>pssh</c> boxes at the end of the <c>moov</c>.
/// </summary>
public interface ICmafInitProtection
{
    /// <summary>Writes the <c>sinf</c> box inside the open sample entry whose original type is <paramref name="originalFormat"/>.</summary>
    void WriteProtectionSchemeInfo(BoxWriter writer, TrackInfo track, FourCC originalFormat);

    /// <summary>Writes the <c>pssh</c> boxes inside the open <c>moov</c>.</summary>
    void WriteProtectionSystemHeaders(BoxWriter writer, TrackInfo track);
}
