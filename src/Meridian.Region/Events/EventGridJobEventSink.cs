using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;

namespace Meridian.Region.Events;

/// <summary>
/// Writes job events in the Event Grid schema to the outbox of the change's own transaction, queued for every
/// subscription of the account whose filter matches, then wakes <see cref="EventDelivery"/>. Each transition raises the
/// generic state-change event and then, except for <c>Queued</c>, the per-state event.
/// </summary>
public sealed class EventGridJobEventSink(TimeProvider time, EventDelivery delivery) : IJobEventSink
{
    private const string OutputAssetType = "#Microsoft.Media.JobOutputAsset";

    public void JobStateChanged(IMetadataSession session, JobEventContext context, string previousState, string state)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(context);
        JsonObject Data(bool final)
        {
            var data = new JsonObject
            {
                ["previousState"] = previousState,
                ["state"] = state,
            };
            if (final)
            {
                data["outputs"] = StoredOutputs(session, context);
            }

            data["correlationData"] = Correlation(context);
            return data;
        }

        var subscriptions = Subscriptions(session, context.Account);
        Append(session, context, subscriptions, MediaEventTypes.JobStateChange, Data(final: false));
        if (MediaEventTypes.ForJobState(state) is { } specific)
        {
            Append(session, context, subscriptions, specific, Data(final: state is "Finished" or "Canceled" or "Error"));
        }
    }

    public void JobOutputStateChanged(IMetadataSession session, JobEventContext context, int outputIndex, string previousState, JsonObject output)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        var state = Field(output, "state")?.GetValue<string>() ?? "";
        JsonObject Data() => new()
        {
            ["previousState"] = previousState,
            ["output"] = Output(output),
            ["jobCorrelationData"] = Correlation(context),
        };

        var subscriptions = Subscriptions(session, context.Account);
        Append(session, context, subscriptions, MediaEventTypes.JobOutputStateChange, Data());
        if (MediaEventTypes.ForJobOutputState(state) is { } specific)
        {
            Append(session, context, subscriptions, specific, Data());
        }
    }

    public void JobOutputProgress(IMetadataSession session, JobEventContext context, int outputIndex, string label, int progress)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(context);
        Append(session, context, Subscriptions(session, context.Account), MediaEventTypes.JobOutputProgress, new JsonObject
        {
            ["jobCorrelationData"] = Correlation(context),
            ["label"] = label,
            ["progress"] = progress,
        });
    }

    /// <summary>The subject of a job's events: <c>transforms/{t}/jobs/{j}</c>.</summary>
    public static string Subject(JobEventContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return $"transforms/{context.TransformName}/jobs/{context.JobName}";
    }

    private void Append(
        IMetadataSession session, JobEventContext context, IReadOnlyList<(string Name, EventSubscriptionFilter Filter)> subscriptions,
        string type, JsonObject data)
    {
        var subject = Subject(context);
        var id = Guid.NewGuid().ToString();
        var now = time.GetUtcNow();
        var envelope = new JsonObject
        {
            ["topic"] = context.Account.Topic,
            ["subject"] = subject,
            ["eventType"] = type,
            ["eventTime"] = ArmJson.ToNode(now),
            ["id"] = id,
            ["data"] = data,
            ["dataVersion"] = "1.0",
            ["metadataVersion"] = "1",
        };
        var matching = subscriptions.Where(s => s.Filter.Matches(type, subject)).Select(s => s.Name).ToList();
        session.AppendEvent(new StoredEvent(0, context.Account.Scope, id, type, subject, now, envelope.ToJsonString()), matching);
        if (matching.Count > 0)
        {
            delivery.Wake();
        }
    }

    private static List<(string Name, EventSubscriptionFilter Filter)> Subscriptions(IMetadataSession session, AccountScope account) =>
        [.. session.List(account.Scope, EventSubscriptionKind.StoreKind).Select(stored =>
        {
            var properties = ResourceDocument.Deserialize(stored.Body).Get<EventSubscriptionProperties>();
            return (stored.Key.NameKey, properties.Filter ?? new EventSubscriptionFilter());
        })];

    private static JsonObject Correlation(JobEventContext context)
    {
        var map = new JsonObject();
        foreach (var (key, value) in context.CorrelationData ?? new Dictionary<string, string>())
        {
            map[key] = value;
        }

        return map;
    }

    /// <summary>The job's outputs as its stored document has them, for the final-state events; empty when it is not readable.</summary>
    private static JsonArray StoredOutputs(IMetadataSession session, JobEventContext context)
    {
        var scope = $"{context.Account.Scope}/transforms/{context.TransformName.ToLowerInvariant()}";
        if (session.Get(new ResourceKey(scope, "jobs", context.JobName)) is not { } stored ||
            Field(ResourceDocument.Deserialize(stored.Body).Properties, "outputs") is not JsonArray outputs)
        {
            return [];
        }

        return [.. outputs.OfType<JsonObject>().Select(Output)];
    }

    /// <summary>A job output as Event Grid carries it: <c>{@odata.type, assetName, error, label, progress, state}</c>.</summary>
    private static JsonObject Output(JsonObject output) => new()
    {
        ["@odata.type"] = Field(output, "@odata.type")?.DeepClone() ?? OutputAssetType,
        ["assetName"] = Field(output, "assetName")?.DeepClone(),
        ["error"] = Field(output, "error")?.DeepClone(),
        ["label"] = Field(output, "label")?.DeepClone(),
        ["progress"] = Field(output, "progress")?.DeepClone() ?? 0,
        ["state"] = Field(output, "state")?.DeepClone(),
    };

    private static JsonNode? Field(JsonObject json, string name) =>
        json.TryGetPropertyValue(name, out var value) ? value :
        json.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
