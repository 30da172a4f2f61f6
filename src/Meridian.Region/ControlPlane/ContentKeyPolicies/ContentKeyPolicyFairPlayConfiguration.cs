using System.Text.Json.Serialization;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>A FairPlay license. <see cref="Ask"/>, <see cref="FairPlayPfx"/> and its password are secrets.</summary>
public sealed record ContentKeyPolicyFairPlayConfiguration : ContentKeyPolicyConfiguration
{
    /// <summary>The Application Secret Key: base64 of 16 bytes.</summary>
    public string? Ask { get; init; }

    /// <summary>The FairPlay certificate with its private key: base64 of a PKCS #12 file.</summary>
    public string? FairPlayPfx { get; init; }

    public string? FairPlayPfxPassword { get; init; }

    [JsonConverter(typeof(ArmEnumConverter<ContentKeyPolicyFairPlayRentalAndLeaseKeyType>))]
    public ContentKeyPolicyFairPlayRentalAndLeaseKeyType? RentalAndLeaseKeyType { get; init; }

    /// <summary>Rental duration in seconds; required, at least 0.</summary>
    public long? RentalDuration { get; init; }

    /// <summary>Only with <see cref="ContentKeyPolicyFairPlayRentalAndLeaseKeyType.DualExpiry"/>, which requires it.</summary>
    public ContentKeyPolicyFairPlayOfflineRentalConfiguration? OfflineRentalConfiguration { get; init; }
}
