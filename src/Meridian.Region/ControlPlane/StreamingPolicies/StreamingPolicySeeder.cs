using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>Stores the predefined streaming policies in every new account, so GET, LIST and locators see them as AMS does.</summary>
public sealed class StreamingPolicySeeder(StreamingPolicyKind policies) : IAccountSeeder
{
    public void Seed(ResourceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (name, properties) in PredefinedStreamingPolicies.All)
        {
            var document = new ResourceDocument
            {
                Name = name,
                SystemData = new SystemData
                {
                    CreatedBy = request.Caller,
                    CreatedAt = request.Now,
                    LastModifiedBy = request.Caller,
                    LastModifiedAt = request.Now,
                },
            };
            document.Set(properties with { Created = request.Now });
            request.Store(policies, document);
        }
    }
}
