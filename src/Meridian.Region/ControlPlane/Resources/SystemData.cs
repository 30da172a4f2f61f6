namespace Meridian.Region.ControlPlane.Resources;

/// <summary>ARM <c>systemData</c>: who made and last changed a resource, and when.</summary>
public sealed record SystemData
{
    public string CreatedBy { get; init; } = "";

    public string CreatedByType { get; init; } = "Application";

    public DateTimeOffset CreatedAt { get; init; }

    public string LastModifiedBy { get; init; } = "";

    public string LastModifiedByType { get; init; } = "Application";

    public DateTimeOffset LastModifiedAt { get; init; }
}
