namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>The files of an asset's container, which <c>listPaths</c> turns into streaming and download paths.</summary>
public interface IAssetFileLister
{
    /// <summary>The blob names at the top level of the container, in ordinal order; empty if the container does not exist.</summary>
    IReadOnlyList<string> ListFiles(string container);
}
