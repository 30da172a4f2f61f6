namespace Meridian.Region.Storage;

/// <summary>
/// The region's blob storage: one container per asset. Container and blob names are validated by the store, so no
/// name can reach outside its container.
/// </summary>
public interface IBlobStore
{
    /// <summary>The storage account name the store presents (ARM <c>storageAccountName</c>).</summary>
    string AccountName { get; }

    /// <summary>Creates a container if it does not exist.</summary>
    void CreateContainer(string container);

    /// <summary>True if the container exists.</summary>
    bool ContainerExists(string container);

    /// <summary>Deletes a container and everything in it; false if it was not there.</summary>
    Task<bool> DeleteContainerAsync(string container, CancellationToken cancellationToken = default);
}
