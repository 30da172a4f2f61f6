using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;

namespace Meridian.Region.Tests.ControlPlane;

/// <summary>Job progress must not empty the origin's and key delivery's caches; anything they read must.</summary>
public sealed class DeliveryGenerationTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"meridian-generation-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    private static StoredResource Resource(string scope, string kind, string name) => new(new ResourceKey(scope, kind, name), "{}");

    [Fact]
    public async Task MovesWithEveryWriteButThoseOfQuietKinds()
    {
        using var store = new SqliteMetadataStore(_path);
        var ct = TestContext.Current.CancellationToken;
        const string Scope = "sub/rg/media1";
        var all = store.Generation;
        var delivery = DeliveryGeneration.Of(store);

        // A job's progress, a transform, an event subscription, an endpoint operation: the store moves, delivery does not.
        foreach (var kind in DeliveryGeneration.QuietKinds)
        {
            await store.WriteAsync(s => { s.Put(Resource(Scope, kind, "x")); return 0; }, ct);
            Assert.True(store.Generation > all, kind);
            all = store.Generation;
            Assert.Equal(delivery, DeliveryGeneration.Of(store));
        }

        // A locator, a policy, an asset, even mixed with a job write: delivery moves.
        foreach (var kind in new[] { "streaminglocators", "contentkeypolicies", "assets", "mediaservices" })
        {
            await store.WriteAsync(s => { s.Put(Resource(Scope, "jobs", "y")); s.Put(Resource(Scope, kind, "x")); return 0; }, ct);
            Assert.True(DeliveryGeneration.Of(store) > delivery, kind);
            delivery = DeliveryGeneration.Of(store);
        }

        await store.WriteAsync(s => s.Delete(new ResourceKey(Scope, "streaminglocators", "x")), ct);
        Assert.True(DeliveryGeneration.Of(store) > delivery);
        delivery = DeliveryGeneration.Of(store);

        // A whole account deleted: every kind may have gone.
        await store.WriteAsync(s => s.DeleteUnder(Scope), ct);
        Assert.True(DeliveryGeneration.Of(store) > delivery);
        delivery = DeliveryGeneration.Of(store);

        // Reads and writes that change no resource move nothing.
        await store.ReadAsync(s => s.ListKind("streaminglocators"), ct);
        await store.WriteAsync(s => s.Get(new ResourceKey(Scope, "assets", "x")), ct);
        Assert.Equal(delivery, DeliveryGeneration.Of(store));
    }
}
