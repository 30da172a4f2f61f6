using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Meridian.Cli.Tests.Commands;

/// <summary><c>meridian token LOCATOR</c> against a real region: the token validates on its own and key delivery accepts it.</summary>
public sealed class TokenCommandTests
{
    private const string Issuer = "https://issuer.test";
    private const string Audience = "players";
    private const string KeyIdClaim = "urn:microsoft:azure:mediaservices:contentkeyidentifier";

    [Fact]
    public async Task HmacPolicy_PrintsOnlyAJwtThatValidatesAndUnlocksTheKey()
    {
        await using var region = await LocalRegion.StartAsync();
        var secret = RandomNumberGenerator.GetBytes(32);
        var key = await PublishAsync(region, HmacRestriction(secret));

        var before = DateTimeOffset.UtcNow;
        var result = await region.RunAsync("token", "l1", "--expires", "2h");

        Assert.True(result.ExitCode == 0, result.ToString());
        var token = Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(token + Environment.NewLine, result.Out);
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = new SymmetricSecurityKey(secret),
            ClockSkew = TimeSpan.Zero,
        });
        Assert.True(validation.IsValid, validation.Exception?.ToString());
        var jwt = (JsonWebToken)validation.SecurityToken;
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal(key.Id.ToString("D"), jwt.GetClaim(KeyIdClaim).Value);
        Assert.Equal("gold", jwt.GetClaim("tier").Value);
        Assert.False(jwt.TryGetClaim("urn:microsoft:azure:mediaservices:maxuses", out _));
        var expected = before.AddHours(2).UtcDateTime;
        Assert.InRange(jwt.ValidTo, expected.AddSeconds(-5), expected.AddMinutes(1));

        var keyUrl = $"{region.Server.Addresses.KeyDelivery}?kid={key.Id:D}";
        Assert.Contains($"Key: {keyUrl} ", result.Err, StringComparison.Ordinal);
        Assert.Matches(@"expires \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", result.Err);

        using var http = new HttpClient();
        using (var denied = await http.GetAsync(new Uri(keyUrl), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, keyUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var delivered = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        var bytes = await delivered.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(16, bytes.Length);
        Assert.Equal(key.Value, bytes);
    }

    [Fact]
    public async Task MaxUses_KeyDeliveryHonoursTheCount()
    {
        await using var region = await LocalRegion.StartAsync();
        var key = await PublishAsync(region, HmacRestriction(RandomNumberGenerator.GetBytes(32)));

        var result = await region.RunAsync("token", "l1", "--expires", "PT30M", "--max-uses", "1", "--key-id", key.Id.ToString(), "--verbose");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"urn:microsoft:azure:mediaservices:maxuses\":1", result.Err, StringComparison.Ordinal);
        var token = result.Out.Trim();
        var jwt = new JsonWebToken(token);
        Assert.InRange(jwt.ValidTo, DateTime.UtcNow.AddMinutes(29), DateTime.UtcNow.AddMinutes(31));
        Assert.Equal(HttpStatusCode.OK, await FetchKeyAsync(region, key.Id, token));
        Assert.Equal(HttpStatusCode.Unauthorized, await FetchKeyAsync(region, key.Id, token));
    }

    [Fact]
    public async Task RsaPolicy_NeedsTheSigningKey()
    {
        await using var region = await LocalRegion.StartAsync();
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        var key = await PublishAsync(region, AsymmetricRestriction(new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyRsaTokenKey",
            ["exponent"] = Convert.ToBase64String(parameters.Exponent!),
            ["modulus"] = Convert.ToBase64String(parameters.Modulus!),
        }));

        var without = await region.RunAsync("token", "l1");
        Assert.Equal(1, without.ExitCode);
        Assert.Equal("", without.Out);
        Assert.Contains("RSA public key", without.Err, StringComparison.Ordinal);
        Assert.Contains("--signing-key", without.Err, StringComparison.Ordinal);

        using var directory = new TempDirectory();
        var publicPem = Path.Combine(directory.Path, "public.pem");
        await File.WriteAllTextAsync(publicPem, rsa.ExportSubjectPublicKeyInfoPem(), TestContext.Current.CancellationToken);
        var withPublic = await region.RunAsync("token", "l1", "--signing-key", publicPem);
        Assert.Equal(1, withPublic.ExitCode);
        Assert.Contains("no unencrypted private key", withPublic.Err, StringComparison.Ordinal);

        using var stranger = RSA.Create(2048);
        var strangerPem = Path.Combine(directory.Path, "stranger.pem");
        await File.WriteAllTextAsync(strangerPem, stranger.ExportRSAPrivateKeyPem(), TestContext.Current.CancellationToken);
        var withStranger = await region.RunAsync("token", "l1", "--signing-key", strangerPem);
        Assert.Equal(1, withStranger.ExitCode);
        Assert.Contains("is not the private key of any RSA or X.509 verification key", withStranger.Err, StringComparison.Ordinal);

        var privatePem = Path.Combine(directory.Path, "private.pem");
        await File.WriteAllTextAsync(privatePem, rsa.ExportPkcs8PrivateKeyPem(), TestContext.Current.CancellationToken);
        var signed = await region.RunAsync("token", "l1", "--signing-key", privatePem);
        Assert.True(signed.ExitCode == 0, signed.ToString());
        var token = signed.Out.Trim();
        Assert.Equal("RS256", new JsonWebToken(token).Alg);
        Assert.Equal(HttpStatusCode.OK, await FetchKeyAsync(region, key.Id, token));
    }

    [Fact]
    public async Task X509RsaPolicy_SignsRs256WithThePemKey()
    {
        await using var region = await LocalRegion.StartAsync();
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=meridian-token-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var key = await PublishAsync(region, X509Restriction(certificate));

        var without = await region.RunAsync("token", "l1");
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("X.509 certificate", without.Err, StringComparison.Ordinal);

        using var directory = new TempDirectory();
        var pem = Path.Combine(directory.Path, "rsa.pem");
        await File.WriteAllTextAsync(pem, rsa.ExportRSAPrivateKeyPem(), TestContext.Current.CancellationToken);
        var signed = await region.RunAsync("token", "l1", "--signing-key", pem);

        Assert.True(signed.ExitCode == 0, signed.ToString());
        var token = signed.Out.Trim();
        Assert.Equal("RS256", new JsonWebToken(token).Alg);
        Assert.Equal(HttpStatusCode.OK, await FetchKeyAsync(region, key.Id, token));
    }

    /// <summary>
    /// Checked independently, not through key delivery: the region verifies X.509 keys as <c>X509SecurityKey</c>, which
    /// Microsoft.IdentityModel uses for RSA only.
    /// </summary>
    [Fact]
    public async Task X509EcPolicy_SignsEs256WithThePemKey()
    {
        await using var region = await LocalRegion.StartAsync();
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=meridian-token-test", ecdsa, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var key = await PublishAsync(region, X509Restriction(certificate));
        using var directory = new TempDirectory();
        var pem = Path.Combine(directory.Path, "ec.pem");
        await File.WriteAllTextAsync(pem, ecdsa.ExportECPrivateKeyPem(), TestContext.Current.CancellationToken);

        var signed = await region.RunAsync("token", "l1", "--signing-key", pem);

        Assert.True(signed.ExitCode == 0, signed.ToString());
        var token = signed.Out.Trim();
        Assert.Equal("ES256", new JsonWebToken(token).Alg);
        using var publicKey = certificate.GetECDsaPublicKey()!;
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = new ECDsaSecurityKey(publicKey),
        });
        Assert.True(validation.IsValid, validation.Exception?.ToString());
        Assert.Equal(HttpStatusCode.OK, await FetchKeyAsync(region, key.Id, token));
    }

    [Fact]
    public async Task UnknownLocator_ShowsTheServicesError()
    {
        await using var region = await LocalRegion.StartAsync();

        var result = await region.RunAsync("token", "ghost");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith("error ", result.Err, StringComparison.Ordinal);
        Assert.Contains("ghost", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenPolicy_SaysNoTokenIsNeeded()
    {
        await using var region = await LocalRegion.StartAsync();
        await PublishAsync(region, new JsonObject { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyOpenRestriction" });

        var result = await region.RunAsync("token", "l1");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.StartsWith("error: no token needed", result.Err, StringComparison.Ordinal);
        Assert.Contains("jwt1", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClearLocator_SaysThereAreNoKeys()
    {
        await using var region = await LocalRegion.StartAsync();
        await region.RunAsync("asset", "create", "a1");
        await region.RunAsync("locator", "create", "clear1", "--asset", "a1");

        var result = await region.RunAsync("token", "clear1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no content keys", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownKeyId_IsAnError()
    {
        await using var region = await LocalRegion.StartAsync();
        await PublishAsync(region, HmacRestriction(RandomNumberGenerator.GetBytes(32)));
        var other = Guid.NewGuid();

        var result = await region.RunAsync("token", "l1", "--key-id", other.ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains($"no content key {other:D}", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--expires", "soon")]
    [InlineData("--expires", "0m")]
    [InlineData("--expires", "PT0.5S")]
    [InlineData("--expires", "99999999999d")]
    [InlineData("--max-uses", "0")]
    [InlineData("--key-id", "not-a-guid")]
    [InlineData("--signing-key", "/nonexistent/meridian-key.pem")]
    public async Task BadOptions_AreUsageErrors(string option, string value)
    {
        var result = await InProcessCli.RunAsync("token", "l1", option, value, "--endpoint", "http://127.0.0.1:9", "--api-key", "k");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxUses_WithALongLifetime_IsAUsageError()
    {
        var result = await InProcessCli.RunAsync("token", "l1", "--max-uses", "3", "--expires", "2h", "--endpoint", "http://127.0.0.1:9", "--api-key", "k");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("at most 1h", result.Err, StringComparison.Ordinal);
    }

    private static JsonObject AsymmetricRestriction(JsonObject primaryKey) => new()
    {
        ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyTokenRestriction",
        ["issuer"] = Issuer,
        ["audience"] = Audience,
        ["primaryVerificationKey"] = primaryKey,
        ["restrictionTokenType"] = "Jwt",
    };

    private static JsonObject X509Restriction(X509Certificate2 certificate) => AsymmetricRestriction(new JsonObject
    {
        ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyX509CertificateTokenKey",
        ["rawBody"] = Convert.ToBase64String(certificate.RawData),
    });

    private static JsonObject HmacRestriction(byte[] secret) => new()
    {
        ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyTokenRestriction",
        ["issuer"] = Issuer,
        ["audience"] = Audience,
        ["primaryVerificationKey"] = new JsonObject
        {
            ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicySymmetricTokenKey",
            ["keyValue"] = Convert.ToBase64String(secret),
        },
        ["requiredClaims"] = new JsonArray(
            new JsonObject { ["claimType"] = KeyIdClaim },
            new JsonObject { ["claimType"] = "tier", ["claimValue"] = "gold" }),
        ["restrictionTokenType"] = "Jwt",
    };

    /// <summary>
    /// Content key policy <c>jwt1</c> with one ClearKey option under <paramref name="restriction"/>, envelope streaming
    /// policy <c>aes1</c> over it, asset <c>a1</c> and locator <c>l1</c>; returns the locator's key from <c>listContentKeys</c>.
    /// </summary>
    private static async Task<(Guid Id, byte[] Value)> PublishAsync(LocalRegion region, JsonObject restriction)
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var client = new ControlPlaneClient(region.Connection);
        await client.PutAsync("contentKeyPolicies/jwt1", new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["options"] = new JsonArray(new JsonObject
                {
                    ["name"] = "ClearKey",
                    ["configuration"] = new JsonObject { ["@odata.type"] = "#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration" },
                    ["restriction"] = restriction,
                }),
            },
        }, cancellationToken);
        foreach (var step in new[]
        {
            new[] { "policy", "streaming", "create", "aes1", "--scheme", "envelope", "--content-key-policy", "jwt1" },
            ["asset", "create", "a1"],
            ["locator", "create", "l1", "--asset", "a1", "--policy", "aes1"],
        })
        {
            var done = await region.RunAsync(step);
            Assert.True(done.ExitCode == 0, done.ToString());
        }

        var keys = (await client.PostAsync("streamingLocators/l1/listContentKeys", null, cancellationToken)).RequiredBody["contentKeys"]!.AsArray();
        var key = Assert.Single(keys)!;
        Assert.Equal("jwt1", key["policyName"]!.GetValue<string>());
        return (Guid.Parse(key["id"]!.GetValue<string>()), Convert.FromBase64String(key["value"]!.GetValue<string>()));
    }

    private static async Task<HttpStatusCode> FetchKeyAsync(LocalRegion region, Guid keyId, string token)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{region.Server.Addresses.KeyDelivery}?kid={keyId:D}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
