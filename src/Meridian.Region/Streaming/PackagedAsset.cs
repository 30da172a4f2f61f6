using Meridian.Media.Packaging;

namespace Meridian.Region.Streaming;

/// <summary>An asset's presentation and its segmentation for one target duration, cached per blob version.</summary>
public sealed record PackagedAsset(string Container, Presentation Presentation, SegmentPlan Plan);
