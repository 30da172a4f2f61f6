using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Metadata;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Meridian.Region.Tests.ControlPlane;

public sealed class FilterTests
{
    private const string ValidFilter = """
        {"properties":{
          "presentationTimeRange":{"startTimestamp":0,"endTimestamp":170000000,"presentationWindowDuration":9223372036854775000,"liveBackoffDuration":0},
          "firstQuality":{"bitrate":128000},
          "tracks":[
            {"trackSelections":[{"property":"Type","operation":"Equal","value":"Audio"},{"property":"Language","operation":"NotEqual","value":"en-US"},
                                {"property":"FourCC","operation":"NotEqual","value":"ec-3"}]},
            {"trackSelections":[{"property":"Type","operation":"Equal","value":"video"},{"property":"Bitrate","operation":"Equal","value":"3000000-5000000"}]},
            {"trackSelections":[{"property":"Name","operation":"Equal","value":"English subtitles"},{"property":"Bitrate","operation":"NotEqual","value":"128000"}]}
          ]}}
        """;

    private static string AccountScope => $"{TestRegion.Subscription}/{TestRegion.ResourceGroup}/{TestRegion.Account}".ToLowerInvariant();

    [Fact]
    public async Task AccountFilter_Crud_FollowsArmStatusCodesAndFillsDefaults()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, created) = await region.PutAsync("accountFilters/f1", ValidFilter);

        Assert.Equal(201, status);
        Assert.Equal("Microsoft.Media/mediaservices/accountFilters", (string?)created!["type"]);
        Assert.EndsWith("/mediaservices/media1/accountFilters/f1", (string?)created["id"], StringComparison.Ordinal);
        var range = created["properties"]!["presentationTimeRange"]!;
        Assert.Equal(10_000_000, (long?)range["timescale"]);
        Assert.False((bool?)range["forceEndTimestamp"]);
        Assert.Equal(170_000_000, (long?)range["endTimestamp"]);
        Assert.Equal(9223372036854775000, (long?)range["presentationWindowDuration"]);
        Assert.Equal(3, created["properties"]!["tracks"]!.AsArray().Count);
        Assert.Equal("NotEqual", (string?)created["properties"]!["tracks"]![0]!["trackSelections"]![1]!["operation"]);

        Assert.Equal(200, (await region.PutAsync("accountFilters/f1", ValidFilter)).Status);
        var (patchStatus, patched) = await region.PatchAsync("accountFilters/f1", new { properties = new { firstQuality = new { bitrate = 400000 } } });
        Assert.Equal(200, patchStatus);
        Assert.Equal(400000, (int?)patched!["properties"]!["firstQuality"]!["bitrate"]);
        Assert.Equal(3, patched["properties"]!["tracks"]!.AsArray().Count);
        Assert.Equal(400000, (int?)(await region.GetAsync("accountFilters/f1")).Body!["properties"]!["firstQuality"]!["bitrate"]);
        Assert.Equal("f1", (string?)Assert.Single((await region.GetAsync("accountFilters")).Body!["value"]!.AsArray())!["name"]);

        Assert.Equal(200, (await region.DeleteAsync("accountFilters/f1")).Status);
        Assert.Equal(204, (await region.DeleteAsync("accountFilters/f1")).Status);
        Assert.Equal(404, (await region.GetAsync("accountFilters/f1")).Status);
    }

    [Fact]
    public async Task AssetFilter_Crud_UnderItsAsset()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("assets/a1", new { properties = new { } });
        var (status, created) = await region.PutAsync("assets/a1/assetFilters/f1", ValidFilter);

        Assert.Equal(201, status);
        Assert.Equal("Microsoft.Media/mediaservices/assets/assetFilters", (string?)created!["type"]);
        Assert.EndsWith("/mediaservices/media1/assets/a1/assetFilters/f1", (string?)created["id"], StringComparison.Ordinal);
        Assert.Equal(200, (await region.GetAsync("assets/a1/assetFilters/f1")).Status);
        Assert.Single((await region.GetAsync("assets/a1/assetFilters")).Body!["value"]!.AsArray());
        Assert.Empty((await region.GetAsync("accountFilters")).Body!["value"]!.AsArray());
        Assert.Equal(200, (await region.PatchAsync("assets/a1/assetFilters/f1", new { properties = new { firstQuality = new { bitrate = 1 } } })).Status);
        Assert.Equal(200, (await region.DeleteAsync("assets/a1/assetFilters/f1")).Status);
        Assert.Equal(404, (await region.GetAsync("assets/a1/assetFilters/f1")).Status);
    }

    [Fact]
    public async Task AssetFilter_UnknownAsset_Returns404()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        var (status, error) = await region.PutAsync("assets/missing/assetFilters/f1", ValidFilter);

        Assert.Equal(404, status);
        Assert.Contains("missing", (string?)error!["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(404, (await region.GetAsync("assets/missing/assetFilters")).Status);
    }

    [Fact]
    public async Task AssetFilters_AreDeletedWithTheirAsset()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("assets/a1", new { properties = new { } });
        await region.PutAsync("assets/a1/assetFilters/f1", ValidFilter);
        await region.PutAsync("assets/a1/assetFilters/f2", ValidFilter);

        Assert.Equal(200, (await region.DeleteAsync("assets/a1")).Status);
        Assert.Equal(404, (await region.GetAsync("assets/a1/assetFilters/f1")).Status);
        await region.PutAsync("assets/a1", new { properties = new { } });
        Assert.Empty((await region.GetAsync("assets/a1/assetFilters")).Body!["value"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"presentationTimeRange":{"startTimestamp":100,"endTimestamp":100}}""", "properties.presentationTimeRange.startTimestamp")]
    [InlineData("""{"presentationTimeRange":{"startTimestamp":-1}}""", "properties.presentationTimeRange.startTimestamp")]
    [InlineData("""{"presentationTimeRange":{"liveBackoffDuration":-5}}""", "properties.presentationTimeRange.liveBackoffDuration")]
    [InlineData("""{"presentationTimeRange":{"timescale":0}}""", "properties.presentationTimeRange.timescale")]
    [InlineData("""{"presentationTimeRange":{"endTimestamp":"soon"}}""", "properties.presentationTimeRange.endTimestamp")]
    [InlineData("""{"firstQuality":{"bitrate":0}}""", "properties.firstQuality.bitrate")]
    [InlineData("""{"firstQuality":{"bitrate":null}}""", "properties.firstQuality.bitrate")]
    [InlineData("""{"tracks":[{"trackSelections":[]}]}""", "properties.tracks[0].trackSelections")]
    [InlineData("""{"tracks":[{}]}""", "properties.tracks[0].trackSelections")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"Type","operation":"Equal","value":"subtitle"}]}]}""", "properties.tracks[0].trackSelections[0].value")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"Bitrate","operation":"Equal","value":"fast"}]}]}""", "properties.tracks[0].trackSelections[0].value")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"Bitrate","operation":"Equal","value":"5000-100"}]}]}""", "properties.tracks[0].trackSelections[0].value")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"FourCC","operation":"Equal","value":"avc"}]}]}""", "properties.tracks[0].trackSelections[0].value")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"Language","operation":"Equal","value":"english!"}]}]}""", "properties.tracks[0].trackSelections[0].value")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"Name","operation":"Equal","value":""}]}]}""", "properties.tracks[0].trackSelections[0].value")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"Unknown","operation":"Equal","value":"x"}]}]}""", "properties.tracks[0].trackSelections[0].property")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"Color","operation":"Equal","value":"x"}]}]}""", "properties.tracks[0].trackSelections[0].property")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"Type","value":"video"}]}]}""", "properties.tracks[0].trackSelections[0].operation")]
    [InlineData("""{"tracks":[{"trackSelections":[{"property":"Type","operation":"GreaterThan","value":"video"}]}]}""", "properties.tracks[0].trackSelections[0].operation")]
    public async Task Put_Invalid_Returns400NamingTheValueAndChangesNothing(string properties, string target)
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("assets/a1", new { properties = new { } });
        await region.PutAsync("accountFilters/f1", ValidFilter);
        await region.PutAsync("assets/a1/assetFilters/f1", ValidFilter);
        var (_, accountBefore) = await region.GetAsync("accountFilters/f1");
        var (_, assetBefore) = await region.GetAsync("assets/a1/assetFilters/f1");
        var body = $$"""{"properties":{{properties}}}""";

        var (accountStatus, accountError) = await region.PutAsync("accountFilters/f1", body);
        var (assetStatus, assetError) = await region.PutAsync("assets/a1/assetFilters/f1", body);
        var (createStatus, _) = await region.PutAsync("accountFilters/f2", body);
        var (patchStatus, _) = await region.PatchAsync("accountFilters/f1", body);

        Assert.Equal([400, 400, 400, 400], new[] { accountStatus, assetStatus, createStatus, patchStatus });
        Assert.Equal(target, (string?)accountError!["error"]!["target"]);
        Assert.Equal(target, (string?)assetError!["error"]!["target"]);
        Assert.DoesNotContain("Meridian.", (string?)accountError["error"]!["message"], StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(accountBefore, (await region.GetAsync("accountFilters/f1")).Body));
        Assert.True(JsonNode.DeepEquals(assetBefore, (await region.GetAsync("assets/a1/assetFilters/f1")).Body));
        Assert.Equal(404, (await region.GetAsync("accountFilters/f2")).Status);
    }

    [Fact]
    public async Task AccountFilters_AtMost100()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(201, (await region.PutAsync($"accountFilters/f{i}", """{"properties":{}}""")).Status);
        }

        var (status, error) = await region.PutAsync("accountFilters/f100", """{"properties":{}}""");

        Assert.Equal(400, status);
        Assert.Contains("100", (string?)error!["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(200, (await region.PutAsync("accountFilters/f99", ValidFilter)).Status);
        Assert.Equal(404, (await region.GetAsync("accountFilters/f100")).Status);
    }

    [Fact]
    public async Task Delete_FilterALocatorNames_Returns409_AndAssetFilterShadowsTheAccountFilter()
    {
        await using var region = await TestRegion.StartWithAccountAsync();
        await region.PutAsync("assets/a1", new { properties = new { } });
        await region.PutAsync("assets/a2", new { properties = new { } });
        await region.PutAsync("accountFilters/shared", ValidFilter);
        await region.PutAsync("accountFilters/other", ValidFilter);
        await region.PutAsync("assets/a1/assetFilters/own", ValidFilter);
        await region.PutAsync("assets/a2/assetFilters/own", ValidFilter);
        await PutLocatorAsync(region, "loc1", "a1", "shared", "own");

        var (status, error) = await region.DeleteAsync("accountFilters/shared");
        Assert.Equal(409, status);
        Assert.Contains("'loc1'", (string?)error!["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal(409, (await region.DeleteAsync("assets/a1/assetFilters/own")).Status);
        Assert.Equal(200, (await region.GetAsync("assets/a1/assetFilters/own")).Status);

        // A filter of another asset, or one no locator names, goes.
        Assert.Equal(200, (await region.DeleteAsync("assets/a2/assetFilters/own")).Status);
        Assert.Equal(200, (await region.DeleteAsync("accountFilters/other")).Status);

        // Once a1 has an asset filter named 'shared', the locator means that one, not the account filter.
        await region.PutAsync("assets/a1/assetFilters/shared", ValidFilter);
        Assert.Equal(200, (await region.DeleteAsync("accountFilters/shared")).Status);
        Assert.Equal(409, (await region.DeleteAsync("assets/a1/assetFilters/shared")).Status);
    }

    /// <summary>Stores a streaming locator document as the locator kind does, naming filters.</summary>
    private static async Task PutLocatorAsync(TestRegion region, string name, string asset, params string[] filters)
    {
        var store = region.Server.Services.GetRequiredService<IMetadataStore>();
        var document = new ResourceDocument
        {
            Name = name,
            Properties = new JsonObject
            {
                ["assetName"] = asset,
                ["streamingPolicyName"] = "Predefined_ClearStreamingOnly",
                ["filters"] = new JsonArray([.. filters.Select(f => (JsonNode)f)]),
            },
        };
        await store.WriteAsync(s =>
        {
            s.Put(new StoredResource(new ResourceKey(AccountScope, "streaminglocators", name), document.Serialize()));
            return 0;
        }, TestContext.Current.CancellationToken);
    }
}
