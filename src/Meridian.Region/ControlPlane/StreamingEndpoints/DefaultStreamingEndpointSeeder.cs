using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>Gives every new account its <c>default</c> streaming endpoint: Standard (0 units), Stopped, at the account's location.</summary>
public sealed class DefaultStreamingEndpointSeeder(StreamingEndpointKind kind) : IAccountSeeder
{
    public void Seed(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = request.Session.Get(new ResourceKey(request.Account.ParentScope, ResourceEndpoints.AccountKind, request.Account.Account));
        var document = new ResourceDocument
        {
            Name = StreamingEndpointKind.DefaultName,
            Location = account is null ? request.Region.Name : ResourceDocument.Deserialize(account.Body).Location,
            Tags = [],
            Sku = StreamingEndpointKind.Sku(0),
            SystemData = new SystemData
            {
                CreatedBy = request.Caller,
                CreatedAt = request.Now,
                LastModifiedBy = request.Caller,
                LastModifiedAt = request.Now,
            },
        };
        document.Set(new StreamingEndpointProperties
        {
            Description = "",
            ScaleUnits = 0,
            CdnEnabled = false,
            CustomHostNames = [],
            HostName = StreamingEndpointKind.HostName(request, StreamingEndpointKind.DefaultName),
            ProvisioningState = StreamingEndpointKind.Succeeded,
            ResourceState = StreamingEndpointResourceState.Stopped,
            Created = request.Now,
            LastModified = request.Now,
        });
        request.Store(kind, document);
    }
}
