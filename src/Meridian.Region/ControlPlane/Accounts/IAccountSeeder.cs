using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.Accounts;

/// <summary>Creates what every new account has (the default streaming endpoint, the predefined streaming policies).</summary>
public interface IAccountSeeder
{
    /// <summary>Runs inside the account's create transaction.</summary>
    void Seed(ResourceRequest request);
}
