namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>AMS <c>Priority</c>: of transform outputs (relativePriority) and of jobs.</summary>
public enum Priority
{
    Low,
    Normal,
    High,
}
