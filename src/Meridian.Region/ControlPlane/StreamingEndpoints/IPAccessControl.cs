namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>The client addresses allowed to stream; when set, every other address is refused.</summary>
public sealed record IPAccessControl
{
    public IReadOnlyList<IPRange>? Allow { get; init; }
}
