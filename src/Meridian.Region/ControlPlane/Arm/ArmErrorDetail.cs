namespace Meridian.Region.ControlPlane.Arm;

/// <summary>One entry of <c>error.details</c>.</summary>
public sealed record ArmErrorDetail(string Code, string Message, string? Target = null);
