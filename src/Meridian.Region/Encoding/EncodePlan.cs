namespace Meridian.Region.Encoder;

/// <summary>The files one transform output makes from one source, and the GOP length the video layers share.</summary>
public sealed record EncodePlan(IReadOnlyList<Rendition> Renditions, TimeSpan KeyFrameInterval);
