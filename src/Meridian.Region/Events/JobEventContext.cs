namespace Meridian.Region.Events;
/// <summary>Which job an event is about.</summary>
public sealed record JobEventContext(Meridian.Region.ControlPlane.Resources.AccountScope Account, string TransformName, string JobName, IReadOnlyDictionary<string, string> CorrelationData);
