using Meridian.Region.Storage;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.ControlPlane;

public sealed class AssetTests
{
    [Fact]
    public async Task Put_NewAsset_Returns201WithIdsContainerAndCreatesTheContainer()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.PutAsync("assets/ClimbingMountAdams",
            new { properties = new { alternateId = "CLIMB00002", description = "A documentary" } });

        Assert.Equal(201, status);
        Assert.Equal("ClimbingMountAdams", (string?)body!["name"]);
        Assert.Equal("Microsoft.Media/mediaservices/assets", (string?)body["type"]);
        Assert.Equal(TestRegion.AccountPath.Replace("mediaServices", "mediaservices", StringComparison.Ordinal) + "/assets/ClimbingMountAdams",
            (string?)body["id"]);
        var props = body["properties"]!;
        var assetId = Guid.Parse((string)props["assetId"]!);
        Assert.Equal($"asset-{assetId}", (string?)props["container"]);
        Assert.Equal("CLIMB00002", (string?)props["alternateId"]);
        Assert.Equal("None", (string?)props["storageEncryptionFormat"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", (string?)props["created"]);
        Assert.NotNull(body["systemData"]!["createdAt"]);

        var store = region.Server.Services.GetRequiredService<FileSystemBlobStore>();
        Assert.True(Directory.Exists(store.ContainerPath($"asset-{assetId}")));
    }

    [Fact]
    public async Task Put_EmptyBody_CreatesAsset()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, _) = await region.SendAsync(HttpMethod.Put, "assets/empty", "{}");
        Assert.Equal(201, status);
    }

    [Fact]
    public async Task PutAndPatch_Existing_UpdateMutableFieldsAndKeepReadOnlyOnes()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, created) = await region.PutAsync("assets/a1", new { properties = new { description = "one" } });
        var (status, updated) = await region.PutAsync("assets/A1", new { properties = new { description = "two", alternateId = "x" } });

        Assert.Equal(200, status);
        Assert.Equal("a1", (string?)updated!["name"]);
        Assert.Equal((string?)created!["properties"]!["assetId"], (string?)updated["properties"]!["assetId"]);
        Assert.Equal("two", (string?)updated["properties"]!["description"]);

        var (patchStatus, patched) = await region.PatchAsync("assets/a1", new { properties = new { description = "three" } });
        Assert.Equal(200, patchStatus);
        Assert.Equal("three", (string?)patched!["properties"]!["description"]);
        Assert.Equal("x", (string?)patched["properties"]!["alternateId"]);
        Assert.Equal((string?)created["properties"]!["container"], (string?)patched["properties"]!["container"]);
    }

    [Fact]
    public async Task Put_ChangingContainer_Returns400AndChangesNothing()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, created) = await region.PutAsync("assets/a1", new { properties = new { description = "one" } });
        var (status, error) = await region.PutAsync("assets/a1", new { properties = new { container = "other-container", description = "two" } });

        Assert.Equal(400, status);
        Assert.Equal("properties.container", (string?)error!["error"]!["target"]);
        var (_, after) = await region.GetAsync("assets/a1");
        Assert.Equal((string?)created!["properties"]!["description"], (string?)after!["properties"]!["description"]);
    }

    [Fact]
    public async Task Put_CallerNamedContainer_IsUsedAndCannotBeShared()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.PutAsync("assets/a1", new { properties = new { container = "my-videos" } });
        Assert.Equal(201, status);
        Assert.Equal("my-videos", (string?)body!["properties"]!["container"]);

        var (conflict, error) = await region.PutAsync("assets/a2", new { properties = new { container = "my-videos" } });
        Assert.Equal(409, conflict);
        Assert.Equal("Conflict", (string?)error!["error"]!["code"]);
        Assert.Equal(404, (await region.GetAsync("assets/a2")).Status);
    }

    [Fact]
    public async Task Delete_Asset_RemovesItAndItsContainer()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (_, created) = await region.PutAsync("assets/a1", new { });
        var container = (string)created!["properties"]!["container"]!;
        var store = region.Server.Services.GetRequiredService<FileSystemBlobStore>();
        await File.WriteAllTextAsync(Path.Combine(store.ContainerPath(container), "video.mp4"), "x", TestContext.Current.CancellationToken);

        Assert.Equal(200, (await region.DeleteAsync("assets/a1")).Status);
        Assert.Equal(204, (await region.DeleteAsync("assets/a1")).Status);
        Assert.Equal(404, (await region.GetAsync("assets/a1")).Status);
        Assert.False(Directory.Exists(store.ContainerPath(container)));
    }

    [Fact]
    public async Task List_PagesWithNextLinkAndAppliesFilterTopAndOrderBy()
    {
        await using var region = await TestRegion.StartWithAccountAsync(o => o.PageSize = 2);
        foreach (var (name, alt) in new[] { ("c", "3"), ("a", "1"), ("e", "5"), ("b", "2"), ("d", "4") })
        {
            Assert.Equal(201, (await region.PutAsync($"assets/{name}", new { properties = new { alternateId = alt } })).Status);
        }

        var names = new List<string>();
        var url = TestRegion.Url("assets");
        var pages = 0;
        while (url is not null)
        {
            using var response = await region.Client.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute), TestContext.Current.CancellationToken);
            var page = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            names.AddRange(page["value"]!.AsArray().Select(v => (string)v!["name"]!));
            url = (string?)page["@odata.nextLink"];
            pages++;
        }

        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal(3, pages);

        var (_, filtered) = await region.GetAsync("assets?$filter=" + Uri.EscapeDataString("properties/alternateId eq '4' or name eq 'A'"));
        Assert.Equal(["a", "d"], filtered!["value"]!.AsArray().Select(v => (string?)v!["name"]));

        var (_, ordered) = await region.GetAsync("assets?$orderby=" + Uri.EscapeDataString("name desc") + "&$top=2");
        Assert.Equal(["e", "d"], ordered!["value"]!.AsArray().Select(v => (string?)v!["name"]));
        Assert.Null(ordered["@odata.nextLink"]);

        var (_, created) = await region.GetAsync("assets?$filter=" + Uri.EscapeDataString("properties/created gt 2000-01-01T00:00:00Z"));
        Assert.Equal(2, created!["value"]!.AsArray().Count);
        Assert.NotNull(created["@odata.nextLink"]);
        var (_, none) = await region.GetAsync("assets?$filter=" + Uri.EscapeDataString("properties/created lt 2000-01-01T00:00:00Z"));
        Assert.Empty(none!["value"]!.AsArray());
    }

    [Theory]
    [InlineData("assets?$filter=properties/description eq 'x'", "$filter")]
    [InlineData("assets?$filter=name eq", "$filter")]
    [InlineData("assets?$filter=name zz 'a'", "$filter")]
    [InlineData("assets?$filter=name eq 'unterminated", "$filter")]
    [InlineData("assets?$top=0", "$top")]
    [InlineData("assets?$top=abc", "$top")]
    [InlineData("assets?$orderby=properties/description", "$orderby")]
    [InlineData("assets?$skiptoken=garbage!", "$skiptoken")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string path, string target)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.GetAsync(path);
        Assert.Equal(400, status);
        Assert.Equal(target, (string?)body!["error"]!["target"]);
    }

    [Fact]
    public async Task Get_UnknownAssetOrAccount_Returns404()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, body) = await region.GetAsync("assets/nope");
        Assert.Equal(404, status);
        Assert.Equal("ResourceNotFound", (string?)body!["error"]!["code"]);

        var (accountStatus, accountBody) = await region.GetAsync(TestRegion.AccountPath.Replace("media1", "other1", StringComparison.Ordinal) + "/assets");
        Assert.Equal(404, accountStatus);
        Assert.Equal("ParentResourceNotFound", (string?)accountBody!["error"]!["code"]);
    }
}
