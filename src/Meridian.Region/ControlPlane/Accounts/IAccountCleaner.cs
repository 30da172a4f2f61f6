using Meridian.Region.ControlPlane.Resources;

namespace Meridian.Region.ControlPlane.Accounts;

/// <summary>Releases what an account holds outside the metadata store (blob containers) when it is deleted.</summary>
public interface IAccountCleaner
{
    /// <summary>Runs inside the delete's transaction, before the account's metadata is removed; defer I/O to AfterCommit.</summary>
    void Clean(ResourceRequest request);
}
