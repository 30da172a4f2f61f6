using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Meridian.Region.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Meridian.Region.Tests.KeyDelivery;

/// <summary>Set-up for key delivery tests: a region on a fake clock, policies, locators with known keys, key requests.</summary>
internal static class KeyDeliveryTestData
{
    public const string Issuer = "https://tokens.example.test/";
    public const string Audience = "urn:meridian:test";
    public const string ClearKeyConfiguration = "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration";
    public const string KidClaim = "urn:microsoft:azure:mediaservices:contentkeyidentifier";

    public static readonly DateTimeOffset Start = new(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);

    /// <summary>A region with the test account and an asset 'a1', on a fake clock.</summary>
    public static async Task<(TestRegion Region, FakeTimeProvider Clock)> StartAsync()
    {
        var clock = new FakeTimeProvider(Start);
        var region = await TestRegion.StartAsync(configureBuilder: b => b.Services.AddSingleton<TimeProvider>(clock));
        await region.CreateAccountAsync();
        var (status, _) = await region.PutAsync("assets/a1", new { properties = new { } });
        Assert.Equal(201, status);
        return (region, clock);
    }

    public static JsonObject OpenOption() => new()
    {
        ["name"] = "open",
        ["configuration"] = new JsonObject { ["@odata.type"] = ClearKeyConfiguration },
        ["restriction"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyOpenRestriction" },
    };

    public static JsonObject SymmetricKey(byte[] secret) => new()
    {
        ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicySymmetricTokenKey",
        ["keyValue"] = Convert.ToBase64String(secret),
    };

    public static JsonObject RsaKey(System.Security.Cryptography.RSA rsa)
    {
        var parameters = rsa.ExportParameters(false);
        return new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyRsaTokenKey",
            ["exponent"] = Convert.ToBase64String(parameters.Exponent!),
            ["modulus"] = Convert.ToBase64String(parameters.Modulus!),
        };
    }

    public static JsonObject X509Key(byte[] certificateDer) => new()
    {
        ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyX509CertificateTokenKey",
        ["rawBody"] = Convert.ToBase64String(certificateDer),
    };

    /// <summary>A ClearKey option restricted to JWTs from <see cref="Issuer"/> for <see cref="Audience"/>.</summary>
    public static JsonObject TokenOption(
        JsonObject primary, JsonObject[]? alternates = null, bool requireKid = true, string issuer = Issuer, JsonObject[]? requiredClaims = null)
    {
        var claims = new JsonArray([.. (requiredClaims ?? []).Select(c => (JsonNode)c)]);
        if (requireKid)
        {
            claims.Add(new JsonObject { ["claimType"] = KidClaim });
        }

        return new JsonObject
        {
            ["name"] = "token",
            ["configuration"] = new JsonObject { ["@odata.type"] = ClearKeyConfiguration },
            ["restriction"] = new JsonObject
            {
                ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyTokenRestriction",
                ["issuer"] = issuer,
                ["audience"] = Audience,
                ["primaryVerificationKey"] = primary,
                ["alternateVerificationKeys"] = new JsonArray([.. (alternates ?? []).Select(a => (JsonNode)a)]),
                ["requiredClaims"] = claims,
                ["restrictionTokenType"] = "Jwt",
            },
        };
    }

    public static async Task PutPolicyAsync(TestRegion region, string name, params JsonObject[] options)
    {
        var body = new JsonObject { ["properties"] = new JsonObject { ["options"] = new JsonArray([.. options]) } };
        var (status, response) = await region.SendAsync(HttpMethod.Put, $"contentKeyPolicies/{name}", body.ToJsonString());
        Assert.True(status is 200 or 201, $"{status} {response}");
    }

    /// <summary>Creates a Predefined_ClearKey locator with one known key; returns the key bytes as listContentKeys reports them.</summary>
    public static async Task<byte[]> CreateLocatorAsync(
        TestRegion region, string name, Guid keyId, string policy, DateTimeOffset? start = null, DateTimeOffset? end = null, byte[]? value = null)
    {
        value ??= System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        var properties = new JsonObject
        {
            ["assetName"] = "a1",
            ["streamingPolicyName"] = "Predefined_ClearKey",
            ["defaultContentKeyPolicyName"] = policy,
            ["contentKeys"] = new JsonArray(new JsonObject
            {
                ["id"] = keyId.ToString("D"),
                ["labelReferenceInStreamingPolicy"] = "clearKeyDefault",
                ["value"] = Convert.ToBase64String(value),
            }),
        };
        if (start is { } s)
        {
            properties["startTime"] = s.ToString("O");
        }

        if (end is { } e)
        {
            properties["endTime"] = e.ToString("O");
        }

        var (status, body) = await region.SendAsync(HttpMethod.Put, $"streamingLocators/{name}", new JsonObject { ["properties"] = properties }.ToJsonString());
        Assert.True(status == 201, $"{status} {body}");
        var (listed, keys) = await region.PostAsync($"streamingLocators/{name}/listContentKeys");
        Assert.Equal(200, listed);
        return Convert.FromBase64String((string)keys!["contentKeys"]![0]!["value"]!);
    }

    /// <summary>GET {keyDelivery}?kid=..., with the token in the Authorization header or the query.</summary>
    public static async Task<(int Status, byte[] Body, HttpResponseMessage Response)> GetKeyAsync(
        TestRegion region, string kid, string? token = null, bool inQuery = false, HttpMethod? method = null)
    {
        using var client = new HttpClient { BaseAddress = region.Server.Addresses.KeyDelivery };
        var path = $"?kid={Uri.EscapeDataString(kid)}" + (token is not null && inQuery ? $"&token={Uri.EscapeDataString(token)}" : "");
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (token is not null && !inQuery)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        return ((int)response.StatusCode, body, response);
    }

    /// <summary>POST {keyDelivery}ClearKey/ with an EME license request for the key ids.</summary>
    public static async Task<(int Status, JsonNode? Body)> ClearKeyAsync(TestRegion region, string json, string? token = null)
    {
        using var client = new HttpClient { BaseAddress = region.Server.Addresses.KeyDelivery };
        using var request = new HttpRequestMessage(HttpMethod.Post, "ClearKey/") { Content = new StringContent(json) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The EME key id of a GUID: its big-endian bytes in base64url.</summary>
    public static string EmeKid(Guid keyId) => System.Buffers.Text.Base64Url.EncodeToString(keyId.ToByteArray(bigEndian: true));
}
