using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>
/// A long-running operation on a streaming endpoint, as stored: it completes at <see cref="DueTime"/> by setting the
/// endpoint's state to <see cref="FinalState"/> (a restart finishes it too).
/// </summary>
public sealed record StreamingEndpointOperation
{
    /// <summary>A GUID; the <c>{opId}</c> of the polling URLs.</summary>
    public required string Id { get; init; }

    /// <summary>The metadata scope of the account (<see cref="Resources.AccountScope.Scope"/>).</summary>
    public required string AccountScope { get; init; }

    public required string EndpointName { get; init; }

    public required StreamingEndpointOperationAction Action { get; init; }

    public AsyncOperationStatus Status { get; init; }

    /// <summary>The endpoint's state when the operation succeeds; null for a delete.</summary>
    public StreamingEndpointResourceState? FinalState { get; init; }

    public DateTimeOffset StartTime { get; init; }

    public DateTimeOffset DueTime { get; init; }

    public DateTimeOffset? EndTime { get; init; }

    public ArmErrorDetail? Error { get; init; }
}
