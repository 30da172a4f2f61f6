using System.Text.Json.Serialization;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary><c>Microsoft.Media/mediaservices/streamingEndpoints</c> properties (2022-08-01).</summary>
public sealed record StreamingEndpointProperties
{
    public string? Description { get; init; }

    /// <summary>Required: 0 is a Standard endpoint, 1 to 10 Premium streaming units of 200 Mbps.</summary>
    public int? ScaleUnits { get; init; }

    /// <summary>Deprecated in AMS; stored and returned as sent.</summary>
    public string? AvailabilitySetName { get; init; }

    public StreamingEndpointAccessControl? AccessControl { get; init; }

    /// <summary>Seconds; overrides the max-age the origin sends on fragments and VOD manifests.</summary>
    public long? MaxCacheAge { get; init; }

    public IReadOnlyList<string>? CustomHostNames { get; init; }

    /// <summary>Read-only, AMS-shaped (<c>{name}-{account}-{region}.streaming.meridian.local</c>); not resolvable.</summary>
    public string? HostName { get; init; }

    public bool? CdnEnabled { get; init; }

    /// <summary>StandardVerizon, PremiumVerizon or StandardAkamai.</summary>
    public string? CdnProvider { get; init; }

    public string? CdnProfile { get; init; }

    /// <summary>Read-only: InProgress while a create or update runs, then Succeeded.</summary>
    public string? ProvisioningState { get; init; }

    /// <summary>Read-only.</summary>
    [JsonConverter(typeof(ArmEnumConverter<StreamingEndpointResourceState>))]
    public StreamingEndpointResourceState? ResourceState { get; init; }

    public CrossSiteAccessPolicies? CrossSiteAccessPolicies { get; init; }

    public DateTimeOffset? FreeTrialEndTime { get; init; }

    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    /// <summary>
    /// Meridian's addition, read-only and never stored: the base URL the region's origin really serves on, since
    /// <see cref="HostName"/> keeps the AMS shape. Append a <c>listPaths</c> path to it.
    /// </summary>
    public string? StreamingBaseUrl { get; init; }
}
