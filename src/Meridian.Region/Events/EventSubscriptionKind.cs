using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.Events;

/// <summary>
/// Webhook subscriptions to the account's job events. A subscription receives the events raised after it was created
/// that its filter matches; deleting it drops what it had not yet received.
/// </summary>
public sealed class EventSubscriptionKind : ResourceKind<EventSubscriptionProperties>
{
    public const string CollectionName = "eventSubscriptions";

    /// <summary>The metadata kind (collection in lower case).</summary>
    public const string StoreKind = "eventsubscriptions";

    /// <summary>Event Grid's limit on subject filters.</summary>
    private const int MaxSubjectFilterLength = 1024;

    public override string Collection => CollectionName;

    public override string DisplayName => "event subscription";

    public override IReadOnlySet<string> Filterable { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "properties/created", "properties/lastModified",
    };

    /// <summary>Event Grid's rule: 3 to 64 letters, digits and hyphens.</summary>
    public override void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is < 3 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw ArmException.BadRequest(
                $"The event subscription name '{name}' is invalid: use 3 to 64 letters, digits and hyphens.", name);
        }
    }

    public override void OnDeleting(ResourceRequest request, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        request.Session.DeleteEvents(request.Account.Scope, document.Name);
    }

    protected override EventSubscriptionProperties Create(ResourceRequest request, ResourceDocument document, EventSubscriptionProperties incoming) =>
        Validate(request, incoming) with { Created = request.Now, LastModified = request.Now };

    protected override EventSubscriptionProperties Update(
        ResourceRequest request, ResourceDocument document, EventSubscriptionProperties current, EventSubscriptionProperties incoming) =>
        Validate(request, incoming) with { Created = current.Created, LastModified = request.Now };

    private static EventSubscriptionProperties Validate(ResourceRequest request, EventSubscriptionProperties incoming)
    {
        var destination = incoming.Destination ??
            throw ArmException.BadRequest("An event subscription needs a 'destination'.", "properties.destination");
        if (!string.Equals(destination.EndpointType, "WebHook", StringComparison.OrdinalIgnoreCase))
        {
            throw ArmException.BadRequest(
                $"The endpoint type '{destination.EndpointType}' is not supported; use 'WebHook'.", "properties.destination.endpointType");
        }

        if (!Uri.TryCreate(destination.EndpointUrl, UriKind.Absolute, out var url) ||
            (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.UserInfo.Length > 0)
        {
            throw ArmException.BadRequest(
                $"The endpoint URL '{destination.EndpointUrl}' must be an absolute http or https URL without user information.",
                "properties.destination.endpointUrl");
        }

        var filter = incoming.Filter ?? new EventSubscriptionFilter();
        var types = new List<string>();
        foreach (var type in filter.IncludedEventTypes ?? [])
        {
            if (!MediaEventTypes.All.TryGetValue(type ?? "", out var canonical))
            {
                throw ArmException.BadRequest($"'{type}' is not an event type of Media Services accounts.", "properties.filter.includedEventTypes");
            }

            if (!types.Contains(canonical))
            {
                types.Add(canonical);
            }
        }

        if ((filter.SubjectBeginsWith?.Length ?? 0) > MaxSubjectFilterLength || (filter.SubjectEndsWith?.Length ?? 0) > MaxSubjectFilterLength)
        {
            throw ArmException.BadRequest($"Subject filters are at most {MaxSubjectFilterLength} characters.", "properties.filter");
        }

        return incoming with
        {
            Destination = new EventSubscriptionDestination { EndpointType = "WebHook", EndpointUrl = url.AbsoluteUri },
            Filter = filter with { IncludedEventTypes = types.Count == 0 ? null : types },
            Topic = request.Account.Topic,
            ProvisioningState = "Succeeded",
        };
    }
}
