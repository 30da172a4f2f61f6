using System.Text.Json.Serialization;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>
/// One PlayReady license. Relative dates and the grace period are ISO 8601 durations (e.g. <c>PT1H</c>), as ARM
/// serializes them; a begin or expiration date is absolute or relative, not both.
/// </summary>
public sealed record ContentKeyPolicyPlayReadyLicense
{
    public bool AllowTestDevices { get; init; }

    [JsonConverter(typeof(ArmEnumConverter<ContentKeyPolicyPlayReadySecurityLevel>))]
    public ContentKeyPolicyPlayReadySecurityLevel? SecurityLevel { get; init; }

    public DateTimeOffset? BeginDate { get; init; }

    public DateTimeOffset? ExpirationDate { get; init; }

    public string? RelativeBeginDate { get; init; }

    public string? RelativeExpirationDate { get; init; }

    public string? GracePeriod { get; init; }

    public ContentKeyPolicyPlayReadyPlayRight? PlayRight { get; init; }

    [JsonConverter(typeof(ArmEnumConverter<ContentKeyPolicyPlayReadyLicenseType>))]
    public ContentKeyPolicyPlayReadyLicenseType? LicenseType { get; init; }

    public ContentKeyPolicyPlayReadyContentKeyLocation? ContentKeyLocation { get; init; }

    [JsonConverter(typeof(ArmEnumConverter<ContentKeyPolicyPlayReadyContentType>))]
    public ContentKeyPolicyPlayReadyContentType? ContentType { get; init; }
}
