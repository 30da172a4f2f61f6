namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>The body of <c>listPaths</c>.</summary>
public sealed record StreamingPathsResponse(IReadOnlyList<StreamingPath> StreamingPaths, IReadOnlyList<string> DownloadPaths);
