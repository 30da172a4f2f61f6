using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>Deletes a deleted account's streaming endpoint operations, which live outside the account's scope.</summary>
public sealed class StreamingEndpointOperationCleaner : IAccountCleaner
{
    public void Clean(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var operation in StreamingEndpointOperationStore.All(request.Session).Where(o => o.AccountScope == request.Account.Scope).ToList())
        {
            StreamingEndpointOperationStore.Delete(request.Session, operation.Id);
        }
    }
}
