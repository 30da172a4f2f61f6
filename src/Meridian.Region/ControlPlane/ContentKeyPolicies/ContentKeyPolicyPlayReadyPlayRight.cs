using System.Text.Json.Serialization;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>
/// The PlayReady play right: output restrictions and output protection levels (OPLs). OPLs take the values PlayReady
/// defines per output; restriction levels are 0-3.
/// </summary>
public sealed record ContentKeyPolicyPlayReadyPlayRight
{
    /// <summary>ISO 8601 duration the license is valid for after first play.</summary>
    public string? FirstPlayExpiration { get; init; }

    public int? ScmsRestriction { get; init; }

    public int? AgcAndColorStripeRestriction { get; init; }

    public ContentKeyPolicyPlayReadyExplicitAnalogTelevisionRestriction? ExplicitAnalogTelevisionOutputRestriction { get; init; }

    public bool DigitalVideoOnlyContentRestriction { get; init; }

    public bool ImageConstraintForAnalogComponentVideoRestriction { get; init; }

    public bool ImageConstraintForAnalogComputerMonitorRestriction { get; init; }

    [JsonConverter(typeof(ArmEnumConverter<ContentKeyPolicyPlayReadyUnknownOutputPassingOption>))]
    public ContentKeyPolicyPlayReadyUnknownOutputPassingOption? AllowPassingVideoContentToUnknownOutput { get; init; }

    public int? UncompressedDigitalVideoOpl { get; init; }

    public int? CompressedDigitalVideoOpl { get; init; }

    public int? AnalogVideoOpl { get; init; }

    public int? CompressedDigitalAudioOpl { get; init; }

    public int? UncompressedDigitalAudioOpl { get; init; }
}
