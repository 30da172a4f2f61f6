namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>A detail of a <see cref="JobError"/>.</summary>
public sealed record JobErrorDetail(string Code, string Message);
