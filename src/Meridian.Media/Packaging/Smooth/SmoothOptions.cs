namespace Meridian.Media.Packaging.Smooth;

/// <summary>Per-request Smooth Streaming choices.</summary>
public sealed record SmoothOptions
{
    /// <summary><c>format=fmp4-v20</c>: version 2.0 manifest without <c>r</c> repeat attributes.</summary>
    public bool Version20 { get; init; }
}
