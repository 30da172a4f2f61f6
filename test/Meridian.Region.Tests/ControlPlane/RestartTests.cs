using Meridian.Region.Metadata;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.ControlPlane;

public sealed class RestartTests
{
    [Fact]
    public async Task Restart_KeepsAccountsAssetsAndTheirContainers()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, created) = await region.PutAsync("assets/kept", new { properties = new { description = "survives" } });
        await region.CreateAccountAsync("media2");

        await region.RestartAsync();

        var (status, asset) = await region.GetAsync("assets/kept");
        Assert.Equal(200, status);
        Assert.Equal(created!["properties"]!.ToJsonString(), asset!["properties"]!.ToJsonString());
        Assert.Equal(200, (await region.GetAsync(TestRegion.AccountPath.Replace("media1", "media2", StringComparison.Ordinal))).Status);
        var store = (SqliteMetadataStore)region.Server.Services.GetRequiredService<IMetadataStore>();
        Assert.Equal(SqliteMigrations.Steps.Count, store.SchemaVersion);
    }

    [Fact]
    public async Task Restart_WithGeneratedApiKey_KeepsTheSameKey()
    {
        var dir = Path.Combine(Path.GetTempPath(), "meridian-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = Meridian.Region.ControlPlane.Auth.ApiKeyStore.LoadOrCreate(Path.Combine(dir, "apikey"));
            var second = Meridian.Region.ControlPlane.Auth.ApiKeyStore.LoadOrCreate(Path.Combine(dir, "apikey"));
            Assert.Equal(first, second);
            Assert.Equal(64, first.Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "apikey")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task TheDatabase_HoldingContentKeys_IsReadableByItsOwnerOnly_AlsoOneMadeBefore()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("assets/a1", new { properties = new { } });
        var db = Path.Combine(region.DataDirectory, "meridian.db");
        const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(Owner, File.GetUnixFileMode(db));
        Assert.Equal(Owner, File.GetUnixFileMode(db + "-wal"));

        // A database an older build left world-readable is narrowed at the next start.
        File.SetUnixFileMode(db, Owner | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await region.RestartAsync();
        Assert.Equal(Owner, File.GetUnixFileMode(db));
        Assert.Equal(200, (await region.GetAsync("assets/a1")).Status);
    }
}
