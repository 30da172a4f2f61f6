namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>A file at an HTTP(S) URL: <c>baseUri</c> plus the single entry of <c>files</c>, or <c>baseUri</c> alone.</summary>
public sealed record JobInputHttp : JobInputClip
{
    public string? BaseUri { get; init; }
}
