namespace Meridian.Region.Metadata;

/// <summary>An event in the outbox (the <c>events</c> table).</summary>
/// <param name="Sequence">Region-wide, strictly increasing; assigned by the store (ignored when appending).</param>
/// <param name="Scope">The account's metadata scope (<c>{sub}/{rg}/{account}</c>, lower-case).</param>
/// <param name="Id">The event's id (a uuid).</param>
/// <param name="Type">The event type, e.g. <c>Microsoft.Media.JobStateChange</c>.</param>
/// <param name="Subject">The event subject, e.g. <c>transforms/t1/jobs/j1</c>.</param>
/// <param name="Time">The event time.</param>
/// <param name="Body">The whole event as delivered (Event Grid schema JSON).</param>
public sealed record StoredEvent(long Sequence, string Scope, string Id, string Type, string Subject, DateTimeOffset Time, string Body);
