namespace Meridian.Region.ControlPlane.Arm;

/// <summary>
/// Locations of tracked resources. ARM compares them without case or spaces ("West Europe" is "westeurope") and
/// never moves a resource: an update naming another location is refused.
/// </summary>
public static class ArmLocation
{
    public static bool Same(string? a, string? b) =>
        string.Equals(a?.Replace(" ", "", StringComparison.Ordinal), b?.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);

    /// <summary>400 <c>InvalidResourceLocation</c>, as ARM answers an update that names another location.</summary>
    public static ArmException Moved(string displayName, string name, string? location) =>
        new(400, "InvalidResourceLocation",
            $"The {displayName} '{name}' already exists in location '{location}'. A resource cannot move: delete it and create it again elsewhere.",
            "location");
}
