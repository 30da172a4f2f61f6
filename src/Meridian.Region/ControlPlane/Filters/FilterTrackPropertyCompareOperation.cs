namespace Meridian.Region.ControlPlane.Filters;

/// <summary>How a filter condition compares.</summary>
public enum FilterTrackPropertyCompareOperation
{
    Equal,
    NotEqual,
}
