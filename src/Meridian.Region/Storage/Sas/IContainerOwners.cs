namespace Meridian.Region.Storage.Sas;

/// <summary>
/// Who holds a container now. Every media account of a region shares one blob store, and a container name is freed
/// when its asset is deleted; a SAS signed for the holder of the moment dies with it instead of opening the container
/// to whichever asset (of any account) takes the name next.
/// </summary>
public interface IContainerOwners
{
    /// <summary>An id that names the container's current holder and is never reused, or null when nothing holds it.</summary>
    Task<string?> OwnerAsync(string container, CancellationToken cancellationToken);
}
