using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.Events;

/// <summary>Deletes a deleted account's events and pending deliveries, which live outside the resources table.</summary>
public sealed class EventAccountCleaner : IAccountCleaner
{
    public void Clean(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Session.DeleteEvents(request.Account.Scope, null);
    }
}
