using System.Text.Json.Serialization;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.Filters;

/// <summary>One condition on a track property, e.g. <c>Type Equal video</c> or <c>Bitrate Equal 0-2427000</c>.</summary>
public sealed record FilterTrackPropertyCondition
{
    [JsonConverter(typeof(ArmEnumConverter<FilterTrackPropertyType>))]
    public FilterTrackPropertyType? Property { get; init; }

    [JsonConverter(typeof(ArmEnumConverter<FilterTrackPropertyCompareOperation>))]
    public FilterTrackPropertyCompareOperation? Operation { get; init; }

    public string? Value { get; init; }
}
