using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>
/// Streaming endpoints: tracked resources whose create, update and delete are long-running operations
/// (<see cref="StreamingEndpointOperations"/>), at most <see cref="MaxPerAccount"/> per account. Every account has a
/// <c>default</c> endpoint (<see cref="DefaultStreamingEndpointSeeder"/>). Only a Stopped endpoint can be deleted.
/// </summary>
public sealed class StreamingEndpointKind(StreamingEndpointOperations operations) : ResourceKind<StreamingEndpointProperties>
{
    public const string CollectionName = "streamingEndpoints";

    /// <summary>The kind's key in the metadata store.</summary>
    public const string StoreKind = "streamingendpoints";

    public const string DefaultName = "default";

    /// <summary>AMS allows two streaming endpoints per account.</summary>
    public const int MaxPerAccount = 2;

    public const string Succeeded = "Succeeded";

    public const string InProgress = "InProgress";

    public override string Collection => CollectionName;

    public override string DisplayName => "streaming endpoint";

    public override bool Tracked => true;

    public override IReadOnlySet<string> Filterable { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "properties/created", "properties/lastModified", "properties/resourceState",
    };

    public override void ValidateName(string name) => NameRules.StreamingEndpoint(name);

    /// <summary>The AMS-shaped host name: <c>{name}-{account}-{region}.streaming.meridian.local</c>, without the name for <c>default</c>.</summary>
    public static string HostName(ResourceRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prefix = string.Equals(name, DefaultName, StringComparison.OrdinalIgnoreCase) ? "" : name + "-";
        return $"{prefix}{request.Account.Account}-{request.Region.Name}.streaming.meridian.local".ToLowerInvariant();
    }

    /// <summary>The current SKU: Standard for 0 scale units, else Premium with the units as capacity.</summary>
    public static JsonObject Sku(int scaleUnits) => new()
    {
        ["name"] = scaleUnits == 0 ? "Standard" : "Premium",
        ["capacity"] = scaleUnits,
    };

    public override void OnDeleting(ResourceRequest request, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        StreamingEndpointOperations.RequireIdle(request, document.Name);
        var state = document.Get<StreamingEndpointProperties>().ResourceState;
        if (state != StreamingEndpointResourceState.Stopped)
        {
            throw ArmException.BadRequest(
                $"The streaming endpoint '{document.Name}' is {state}; stop it (POST .../streamingEndpoints/{document.Name}/stop) before deleting it.",
                document.Name);
        }

        operations.Begin(request, document.Name, StreamingEndpointOperationAction.Delete, null);
        request.StatusCodeOverride = 202;
    }

    protected override StreamingEndpointProperties Create(ResourceRequest request, ResourceDocument document, StreamingEndpointProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        var autoStart = AutoStart(request);
        var validated = StreamingEndpointValidator.Validate(incoming);
        if (request.Session.List(request.Account.Scope, StoreKind).Count >= MaxPerAccount)
        {
            throw new ArmException(400, "QuotaExceeded",
                $"An account has at most {MaxPerAccount} streaming endpoints. Delete one before creating '{document.Name}'.", document.Name);
        }

        document.Sku = Sku(validated.ScaleUnits!.Value);
        operations.Begin(request, document.Name, StreamingEndpointOperationAction.Create,
            autoStart ? StreamingEndpointResourceState.Running : StreamingEndpointResourceState.Stopped);
        return validated with
        {
            HostName = HostName(request, document.Name),
            ProvisioningState = InProgress,
            ResourceState = autoStart ? StreamingEndpointResourceState.Starting : StreamingEndpointResourceState.Stopped,
            FreeTrialEndTime = null,
            Created = request.Now,
            LastModified = request.Now,
            StreamingBaseUrl = null,
        };
    }

    protected override StreamingEndpointProperties Update(
        ResourceRequest request, ResourceDocument document, StreamingEndpointProperties current, StreamingEndpointProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(current);
        StreamingEndpointOperations.RequireIdle(request, document.Name);
        var validated = StreamingEndpointValidator.Validate(incoming);
        document.Sku = Sku(validated.ScaleUnits!.Value);
        operations.Begin(request, document.Name, StreamingEndpointOperationAction.Update, current.ResourceState);
        request.StatusCodeOverride = 202;
        return validated with
        {
            HostName = current.HostName,
            ProvisioningState = InProgress,
            ResourceState = current.ResourceState,
            FreeTrialEndTime = current.FreeTrialEndTime,
            Created = current.Created,
            LastModified = request.Now,
            StreamingBaseUrl = null,
        };
    }

    protected override StreamingEndpointProperties Present(ResourceRequest request, StreamingEndpointProperties stored)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stored);
        return stored with { StreamingBaseUrl = request.Region.Addresses.Streaming.ToString().TrimEnd('/') };
    }

    private static bool AutoStart(ResourceRequest request)
    {
        var value = request.Http.Request.Query["autoStart"];
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
        {
            return false;
        }

        return bool.TryParse(value[0], out var autoStart) ? autoStart :
            throw ArmException.BadRequest($"autoStart must be true or false, not '{value}'.", "autoStart");
    }
}
