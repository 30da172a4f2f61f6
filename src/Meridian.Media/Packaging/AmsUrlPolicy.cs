using System.Globalization;

namespace Meridian.Media.Packaging;

/// <summary>
/// AMS dynamic packaging URL forms: <c>QualityLevels(bitrate)/Manifest(name,format=...)</c>,
/// <c>Fragments(name=time,format=...)</c>, <c>Fragments(name=i,format=...)</c>; key frames are
/// <c>Fragments(name=time,format=...,type=keyframes)</c>. <see cref="Arguments"/> (e.g. <c>format=m3u8-aapl,encryption=cbc</c>)
/// is appended to every sub-URL.
/// </summary>
public sealed class AmsUrlPolicy : IManifestUrlPolicy
{
    /// <param name="arguments">Comma-separated arguments carried into every sub-URL, e.g. <c>format=mpd-time-csf</c>;
    /// null or empty for Smooth.</param>
    /// <param name="hlsTimesInTrackTimescale">HLS segment times in the track timescale (AMS HLS) instead of 100-ns units.</param>
    public AmsUrlPolicy(string? arguments, bool hlsTimesInTrackTimescale = true)
    {
        Arguments = string.IsNullOrEmpty(arguments) ? string.Empty : arguments;
        HlsTimesInTrackTimescale = hlsTimesInTrackTimescale;
    }

    public string Arguments { get; }

    public bool HlsTimesInTrackTimescale { get; }

    public string HlsPlaylist(PresentationTrack track) => $"QualityLevels({Num(track.Bitrate)})/Manifest({Join(track.Name)})";

    public string HlsIFramePlaylist(PresentationTrack track) =>
        $"QualityLevels({Num(track.Bitrate)})/Manifest({Join(track.Name, "type=keyframes")})";

    public string HlsSegment(PresentationTrack track, MediaSegment segment) =>
        $"Fragments({Join($"{track.Name}={Num(HlsTimesInTrackTimescale ? segment.TrackStart : segment.Start)}")})";

    public string HlsInit(PresentationTrack track) => $"Fragments({Join($"{track.Name}=i")})";

    public HlsKeyFrameReference HlsKeyFrame(PresentationTrack track, MediaSegment segment, KeyFrame frame) =>
        new($"Fragments({Join($"{track.Name}={Num(HlsTimesInTrackTimescale ? frame.TrackTime : frame.Start)}", "type=keyframes")})");

    public string DashMedia(PresentationTrack track) => $"QualityLevels($Bandwidth$)/Fragments({Join($"{track.Name}=$Time$")})";

    public string DashInit(PresentationTrack track) => $"QualityLevels($Bandwidth$)/Fragments({Join($"{track.Name}=i")})";

    public string SmoothFragments(PresentationTrack track) => $"QualityLevels({{bitrate}})/Fragments({Join($"{track.Name}={{start time}}")})";

    private string Join(string first, string? last = null)
    {
        var text = Arguments.Length == 0 ? first : first + "," + Arguments;
        return last is null ? text : text + "," + last;
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
