using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.Assets;
using Meridian.Region.ControlPlane.Auth;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.StreamingLocators;
using Meridian.Region.ControlPlane.StreamingPolicies;
using Meridian.Region.Hosting;
using Meridian.Region.Metadata;
using Meridian.Region.Storage;
using Meridian.Region.Storage.Endpoint;
using Meridian.Region.Storage.Sas;
using Meridian.Region.Streaming;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the parts of a region server.</summary>
public static class RegionServiceCollectionExtensions
{
    public static IServiceCollection AddMeridianRegion(this IServiceCollection services, RegionOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(new RegionContext(options));
        services.AddSingleton<IMetadataStore>(_ => new SqliteMetadataStore(Path.Combine(options.DataDirectory, "meridian.db")));
        services.AddSingleton<ApiKeyStore>();

        services.AddSingleton<FileSystemBlobStore>();
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<FileSystemBlobStore>());
        services.AddSingleton<StorageKeys>();
        services.AddSingleton<ContainerSas>();
        services.AddSingleton<IContainerOwners, AssetContainerOwners>();
        services.TryAddSingleton(new BlobEndpointOptions());
        services.AddSingleton<BlobEndpoint>();

        services.AddSingleton<ResourceKindRegistry>();
        services.AddSingleton<ResourceEndpoints>();
        services.AddSingleton<AccountEndpoints>();

        services.AddKind<AssetKind>();
        services.AddSingleton<IAccountCleaner, AssetCleaner>();

        services.AddKind<StreamingPolicyKind>();
        services.AddSingleton<IAccountSeeder, StreamingPolicySeeder>();
        services.AddKind<StreamingLocatorKind>();
        services.AddSingleton<IAssetFileLister, FileSystemAssetFileLister>();
        services.AddSingleton<IResourceAction, StreamingLocatorListContentKeysAction>();
        services.AddSingleton<IResourceAction, StreamingLocatorListPathsAction>();
        services.AddSingleton<IResourceAction, AssetListStreamingLocatorsAction>();
        services.AddSingleton<IResourceAction, ListContainerSasAction>();
        services.AddContentKeyPolicies();
        services.AddStreamingEndpoints();
        services.AddMediaFilters();
        services.AddJobEvents();
        services.AddEncoding();

        services.TryAddSingleton(new OriginOptions());
        services.AddSingleton<AssetPresentations>();
        services.AddSingleton<LocatorResolver>();
        services.AddSingleton<StreamingEndpoint>();
        services.AddKeyDelivery();
        return services;
    }

    /// <summary>Registers a resource kind as itself and as <see cref="IResourceKind"/>.</summary>
    public static IServiceCollection AddKind<TKind>(this IServiceCollection services)
        where TKind : class, IResourceKind
    {
        services.AddSingleton<TKind>();
        services.AddSingleton<IResourceKind>(sp => sp.GetRequiredService<TKind>());
        return services;
    }
}
