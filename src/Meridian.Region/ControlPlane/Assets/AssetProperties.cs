namespace Meridian.Region.ControlPlane.Assets;

/// <summary><c>Microsoft.Media/mediaservices/assets</c> properties (2023-01-01).</summary>
public sealed record AssetProperties
{
    public Guid? AssetId { get; init; }

    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? AlternateId { get; init; }

    public string? Description { get; init; }

    public string? Container { get; init; }

    public string? StorageAccountName { get; init; }

    public string? StorageEncryptionFormat { get; init; }

    public string? EncryptionScope { get; init; }
}
