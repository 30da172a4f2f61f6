namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>How streaming endpoint operations behave.</summary>
public sealed class StreamingEndpointOptions
{
    /// <summary>
    /// How long create, update, start, stop, scale and delete stay in progress before they complete, as AMS took
    /// minutes to provision. The default is 1 second; zero completes them before the request returns.
    /// </summary>
    public TimeSpan TransitionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a finished operation can still be polled. The default is 1 day.</summary>
    public TimeSpan OperationRetention { get; set; } = TimeSpan.FromDays(1);
}
