namespace Meridian.Region.Storage.Sas;

/// <summary>The permissions of a container SAS (<c>sp</c>), written in Azure's order <c>racwdl</c>.</summary>
[Flags]
public enum SasPermissions
{
    None = 0,

    /// <summary><c>r</c>: read a blob's content and properties.</summary>
    Read = 1,

    /// <summary><c>a</c>: add (append) to a blob. Block blobs need write or create.</summary>
    Add = 2,

    /// <summary><c>c</c>: create a blob that does not exist yet.</summary>
    Create = 4,

    /// <summary><c>w</c>: create or overwrite a blob.</summary>
    Write = 8,

    /// <summary><c>d</c>: delete a blob.</summary>
    Delete = 16,

    /// <summary><c>l</c>: list the container's blobs.</summary>
    List = 32,
}
