namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>What the streaming origin asks before it serves an account's content.</summary>
public interface IStreamingEndpointState
{
    /// <summary>
    /// True if one of the account's streaming endpoints serves: it is Running, or Scaling from Running.
    /// <paramref name="accountScope"/> is the account's metadata scope (<see cref="Resources.AccountScope.Scope"/>,
    /// the scope of its locators' keys).
    /// </summary>
    Task<bool> IsAnyRunningAsync(string accountScope, CancellationToken cancellationToken = default);
}
