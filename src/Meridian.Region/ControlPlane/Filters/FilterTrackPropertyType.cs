namespace Meridian.Region.ControlPlane.Filters;

/// <summary>The track property a filter condition tests.</summary>
public enum FilterTrackPropertyType
{
    Unknown,
    Type,
    Name,
    Language,
    FourCC,
    Bitrate,
}
