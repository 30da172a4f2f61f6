using System.Text.Json.Nodes;

namespace Meridian.Region.Tests.Events;

/// <summary>One POST a <see cref="WebhookReceiver"/> received: the status it answered, the events and the Event Grid header.</summary>
public sealed record WebhookAttempt(int Status, IReadOnlyList<JsonObject> Events, string? EventTypeHeader, string? ContentType);
