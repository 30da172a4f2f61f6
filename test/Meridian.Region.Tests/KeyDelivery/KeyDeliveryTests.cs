using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.ContentKeyPolicies;
using Meridian.Region.KeyDelivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using static Meridian.Region.Tests.KeyDelivery.KeyDeliveryTestData;

namespace Meridian.Region.Tests.KeyDelivery;

public sealed class KeyDeliveryTests
{
    private static readonly Guid Kid = Guid.Parse("60000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Kid2 = Guid.Parse("60000000-0000-0000-0000-0000000000a2");

    [Fact]
    public async Task OpenPolicy_GetAndPost_ReturnTheLocatorsKeyBytes()
    {
        var (region, _) = await StartAsync();
        await using var _r = region;
        await PutPolicyAsync(region, "open", OpenOption());
        var expected = await CreateLocatorAsync(region, "loc1", Kid, "open");

        var (status, body, response) = await GetKeyAsync(region, Kid.ToString("D"));
        Assert.Equal(200, status);
        Assert.Equal(expected, body);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var (postStatus, postBody, _) = await GetKeyAsync(region, Kid.ToString("N").ToUpperInvariant(), method: HttpMethod.Post);
        Assert.Equal(200, postStatus);
        Assert.Equal(expected, postBody);
    }

    [Fact]
    public async Task Hs256Token_FromTheMinter_InHeaderOrQuery_DeliversTheKey()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret)));
        var expected = await CreateLocatorAsync(region, "loc1", Kid, "tok");

        var (withSecrets, policyJson) = await region.PostAsync("contentKeyPolicies/tok/getPolicyPropertiesWithSecrets");
        Assert.Equal(200, withSecrets);
        var policy = ArmJson.Read<ContentKeyPolicyProperties>(policyJson!, "properties");
        var token = TokenMinter.Mint(policy, new TokenMintOptions { Now = clock.GetUtcNow(), ContentKeyId = Kid });

        var (status, body, _) = await GetKeyAsync(region, Kid.ToString("D"), token);
        Assert.Equal(200, status);
        Assert.Equal(expected, body);
        var (queryStatus, queryBody, _) = await GetKeyAsync(region, Kid.ToString("D"), token, inQuery: true);
        Assert.Equal(200, queryStatus);
        Assert.Equal(expected, queryBody);

        // A header of another scheme (a proxy's Basic credentials) or an empty one leaves ?token= in force; a Bearer header wins.
        using var client = new HttpClient { BaseAddress = region.Server.Addresses.KeyDelivery };
        foreach (var (authorization, expectedStatus) in new[] { ("Basic dXNlcjpwYXNz", 200), ("", 200), ("Bearer not-the-token", 401) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"?kid={Kid:D}&token={Uri.EscapeDataString(token)}");
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var mixed = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(expectedStatus == (int)mixed.StatusCode, $"'{authorization}': {(int)mixed.StatusCode}");
        }

        var (none, noneBody, response) = await GetKeyAsync(region, Kid.ToString("D"));
        Assert.Equal(401, none);
        Assert.DoesNotContain("Kid", Encoding.UTF8.GetString(noneBody), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Rs256Token_VerifiedByExponentAndModulus_DeliversTheKey()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        using var rsa = RSA.Create(2048);
        await PutPolicyAsync(region, "tok", TokenOption(RsaKey(rsa)));
        var expected = await CreateLocatorAsync(region, "loc1", Kid, "tok");

        var token = TestTokens.Create(new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256), clock.GetUtcNow(), Kid);
        var (status, body, _) = await GetKeyAsync(region, Kid.ToString("D"), token);
        Assert.Equal(200, status);
        Assert.Equal(expected, body);

        using var other = RSA.Create(2048);
        var forged = TestTokens.Create(new SigningCredentials(new RsaSecurityKey(other), SecurityAlgorithms.RsaSha256), clock.GetUtcNow(), Kid);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), forged)).Status);
    }

    [Fact]
    public async Task X509Token_VerifiedByTheCertificate_DeliversTheKey()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=meridian-token-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(Start.AddDays(-1), Start.AddYears(1));
        await PutPolicyAsync(region, "tok", TokenOption(X509Key(certificate.Export(X509ContentType.Cert))));
        var expected = await CreateLocatorAsync(region, "loc1", Kid, "tok");

        var token = TestTokens.Create(new SigningCredentials(new X509SecurityKey(certificate), SecurityAlgorithms.RsaSha256), clock.GetUtcNow(), Kid);
        var (status, body, _) = await GetKeyAsync(region, Kid.ToString("D"), token);
        Assert.Equal(200, status);
        Assert.Equal(expected, body);
    }

    [Fact]
    public async Task AlternateKey_VerifiesTokens()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var primary = RandomNumberGenerator.GetBytes(32);
        var alternate = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(primary), [SymmetricKey(alternate)]));
        var expected = await CreateLocatorAsync(region, "loc1", Kid, "tok");

        var token = TestTokens.Create(TestTokens.Hmac(alternate), clock.GetUtcNow(), Kid);
        var (status, body, _) = await GetKeyAsync(region, Kid.ToString("D"), token);
        Assert.Equal(200, status);
        Assert.Equal(expected, body);
        var unknown = TestTokens.Create(TestTokens.Hmac(RandomNumberGenerator.GetBytes(32)), clock.GetUtcNow(), Kid);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), unknown)).Status);
    }

    [Fact]
    public async Task HostileTokens_Get401AndNoKey()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        using var rsa = RSA.Create(2048);
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(RsaKey(rsa), [SymmetricKey(secret)]));
        var key = await CreateLocatorAsync(region, "loc1", Kid, "tok");
        var now = clock.GetUtcNow();
        var rsaCredentials = new SigningCredentials(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);
        var parameters = rsa.ExportParameters(false);
        var valid = TestTokens.Create(rsaCredentials, now, Kid);
        var cases = new Dictionary<string, string>
        {
            ["alg none"] = TestTokens.Create(null, now, Kid),
            ["HS256 with the RSA public key (SPKI) as secret"] = TestTokens.Create(TestTokens.Hmac(rsa.ExportSubjectPublicKeyInfo()), now, Kid),
            ["HS256 with the RSA modulus as secret"] = TestTokens.Create(TestTokens.Hmac(parameters.Modulus!), now, Kid),
            ["HS256 with the RSA public key PEM as secret"] =
                TestTokens.Create(TestTokens.Hmac(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())), now, Kid),
            ["wrong signature"] = valid[..^4] + (valid[^4..] == "AAAA" ? "BBBB" : "AAAA"),
            ["signature stripped"] = valid[..(valid.LastIndexOf('.') + 1)],
            ["expired"] = TestTokens.Create(rsaCredentials, now.AddHours(-2), Kid, lifetime: TimeSpan.FromMinutes(30)),
            ["not yet valid"] = TestTokens.Create(rsaCredentials, now, Kid, notBefore: now.AddMinutes(10)),
            ["wrong issuer"] = TestTokens.Create(rsaCredentials, now, Kid, issuer: "https://evil.example/"),
            ["wrong audience"] = TestTokens.Create(rsaCredentials, now, Kid, audience: "urn:other"),
            ["no kid claim"] = TestTokens.Create(rsaCredentials, now, null),
            ["kid claim for another key"] = TestTokens.Create(rsaCredentials, now, Kid2),
            ["maxuses with exp two hours away"] = TestTokens.Create(rsaCredentials, now, Kid, lifetime: TimeSpan.FromHours(2), maxUses: 5),
            ["kid claim listing this key and another"] = TestTokens.Create(rsaCredentials, now, null,
                extra: new Dictionary<string, object> { [KidClaim] = new[] { Kid2.ToString("D"), Kid.ToString("D") } }),
            ["a critical header extension"] = TestTokens.Create(rsaCredentials, now, Kid,
                header: new Dictionary<string, object> { ["crit"] = new[] { "urn:example:must-understand" }, ["urn:example:must-understand"] = true }),
            ["five segments, as an encrypted token"] = valid[..valid.IndexOf('.')] + ".a.b.c.d",
            ["garbage"] = "not.a.jwt",
            ["garbage base64"] = "eyJhbGciOiJIUzI1NiJ9.%%%%.AAAA",
            ["three dots"] = "...",
            ["9 KB token"] = valid + new string('A', 9 * 1024),
        };

        Assert.All(cases, c =>
        {
            var (status, body, _) = GetKeyAsync(region, Kid.ToString("D"), c.Value).GetAwaiter().GetResult();
            Assert.True(status == 401, $"{c.Key}: {status}");
            Assert.NotEqual(key, body);
            Assert.Equal("""{"error":{"code":"Unauthorized","message":"The request is not authorized to receive this key."}}""", Encoding.UTF8.GetString(body));
        });
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), valid)).Status);
    }

    [Fact]
    public async Task RequiredClaims_MustBePresent_AndEqualWhenAValueIsGiven()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var secret = RandomNumberGenerator.GetBytes(32);
        JsonObject[] claims =
        [
            new() { ["claimType"] = "tier", ["claimValue"] = "gold" },
            new() { ["claimType"] = "userId" },
        ];
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret), requireKid: false, requiredClaims: claims));
        var key = await CreateLocatorAsync(region, "loc1", Kid, "tok");
        string Token(Dictionary<string, object> extra) => TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), null, extra: extra);

        var (status, body, _) = await GetKeyAsync(region, Kid.ToString("D"), Token(new() { ["tier"] = "gold", ["userId"] = "u1" }));
        Assert.Equal(200, status);
        Assert.Equal(key, body);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), Token(new() { ["tier"] = "silver", ["userId"] = "u1" }))).Status);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), Token(new() { ["tier"] = "gold" }))).Status);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), Token(new() { ["userId"] = "u1" }))).Status);
    }

    [Fact]
    public async Task OneMegabyteToken_IsRefusedWithoutTheKey()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret)));
        var key = await CreateLocatorAsync(region, "loc1", Kid, "tok");
        var huge = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid) + new string('A', 1024 * 1024);

        var (header, headerBody, _) = await GetKeyAsync(region, Kid.ToString("D"), huge);
        Assert.InRange(header, 400, 431);
        Assert.NotEqual(key, headerBody);
        var (query, queryBody, _) = await GetKeyAsync(region, Kid.ToString("D"), huge, inQuery: true);
        Assert.InRange(query, 400, 431);
        Assert.NotEqual(key, queryBody);
    }

    [Fact]
    public async Task TokenLifetime_FollowsTheRegionClock_WithOneMinuteSkew()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret)));
        await CreateLocatorAsync(region, "loc1", Kid, "tok", end: Start.AddDays(30));
        var token = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid, lifetime: TimeSpan.FromMinutes(10));

        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), token)).Status);
        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(30));
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), token)).Status);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), token)).Status);

        var early = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid, notBefore: clock.GetUtcNow().AddSeconds(30));
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), early)).Status);
    }

    [Fact]
    public async Task EcdsaTokens_MustUseTheCurveTheirAlgorithmNames()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=meridian-token-test", ec, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(Start.AddDays(-1), Start.AddYears(1));
        await PutPolicyAsync(region, "tok", TokenOption(X509Key(certificate.Export(X509ContentType.Cert))));
        var expected = await CreateLocatorAsync(region, "loc1", Kid, "tok");

        var es256 = TestTokens.Create(new SigningCredentials(new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha256), clock.GetUtcNow(), Kid);
        var (status, body, _) = await GetKeyAsync(region, Kid.ToString("D"), es256);
        Assert.Equal(200, status);
        Assert.Equal(expected, body);

        // RFC 7518 §3.4: ES384 is P-384 with SHA-384; a P-256 key signing "ES384" is refused.
        var es384 = TestTokens.Create(new SigningCredentials(new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha384), clock.GetUtcNow(), Kid);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), es384)).Status);
    }

    [Fact]
    public async Task MaxUses_TokenForTheLongestLifetime_IsTakenFromAnIssuerWhoseClockRunsAhead()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret)));
        await CreateLocatorAsync(region, "loc1", Kid, "tok");

        // Minted with exp = iat + 1 h by an issuer 30 s ahead of the region; the skew allowed is 60 s.
        var ahead = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow().AddSeconds(30), Kid, lifetime: TimeSpan.FromHours(1), maxUses: 1);
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), ahead)).Status);
        var tooLong = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow().AddSeconds(90), Kid, lifetime: TimeSpan.FromHours(1), maxUses: 1);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), tooLong)).Status);
    }

    [Fact]
    public async Task MaxUses_RefusesReplayPastTheLimit_AlsoAcrossRestarts()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret)));
        await CreateLocatorAsync(region, "loc1", Kid, "tok");
        var token = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid, lifetime: TimeSpan.FromMinutes(30), maxUses: 2);
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), token)).Status);

        // A new process over the same data: the use spent before the restart still counts.
        await region.RestartAsync();
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), token, inQuery: true)).Status);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), token)).Status);
        await region.RestartAsync();
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), token, inQuery: true)).Status);

        var fresh = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid, lifetime: TimeSpan.FromMinutes(30), maxUses: 1);
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), fresh)).Status);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), fresh)).Status);
    }

    [Fact]
    public async Task TokenUses_SpendUpToTheLimit_AndArePrunedOnlyOnceForgotten()
    {
        var directory = Path.Combine(Path.GetTempPath(), "meridian-token-uses-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            using var store = new Meridian.Region.Metadata.SqliteMetadataStore(Path.Combine(directory, "meta.db"));
            var generation = store.Generation;
            Task<T> WriteAsync<T>(Func<Meridian.Region.Metadata.IMetadataSession, T> work) =>
                store.WriteAsync(work, TestContext.Current.CancellationToken);

            var forget = Start.AddMinutes(30);
            Assert.True(await WriteAsync(s => s.TrySpendTokenUse("a", 2, forget)));
            Assert.True(await WriteAsync(s => s.TrySpendTokenUse("a", 2, forget)));
            Assert.False(await WriteAsync(s => s.TrySpendTokenUse("a", 2, forget)));
            Assert.True(await WriteAsync(s => s.TrySpendTokenUse("b", 1, Start.AddMinutes(5))));
            Assert.False(await WriteAsync(s => s.TrySpendTokenUse("b", 1, Start.AddMinutes(5))));

            // Counting uses is not a resource change: the caches keyed on the generation must survive key requests.
            Assert.Equal(generation, store.Generation);

            Assert.Equal(0, await WriteAsync(s => s.PruneTokenUses(Start.AddMinutes(5))));
            Assert.Equal(1, await WriteAsync(s => s.PruneTokenUses(Start.AddMinutes(6))));
            Assert.False(await WriteAsync(s => s.TrySpendTokenUse("a", 2, forget)));
            Assert.Equal(1, await WriteAsync(s => s.PruneTokenUses(Start.AddHours(1))));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ClearKeyLicense_OneAndSeveralKids_AndAllMustBeAuthorized()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "open", OpenOption());
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret), requireKid: false));
        var key1 = await CreateLocatorAsync(region, "loc1", Kid, "open");
        var key2 = await CreateLocatorAsync(region, "loc2", Kid2, "tok");

        var (one, license) = await ClearKeyAsync(region, $$"""{"kids":["{{EmeKid(Kid)}}"],"type":"temporary"}""");
        Assert.Equal(200, one);
        var keys = license!["keys"]!.AsArray();
        Assert.Single(keys);
        Assert.Equal("oct", (string?)keys[0]!["kty"]);
        Assert.Equal(EmeKid(Kid), (string?)keys[0]!["kid"]);
        Assert.Equal(key1, System.Buffers.Text.Base64Url.DecodeFromChars((string)keys[0]!["k"]!));
        Assert.Equal("temporary", (string?)license["type"]);

        var both = $$"""{"kids":["{{EmeKid(Kid)}}","{{EmeKid(Kid2)}}"],"type":"temporary"}""";
        var (denied, deniedBody) = await ClearKeyAsync(region, both);
        Assert.Equal(401, denied);
        Assert.Null(deniedBody!["keys"]);

        var token = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), null);
        var (two, license2) = await ClearKeyAsync(region, both, token);
        Assert.Equal(200, two);
        var byKid = license2!["keys"]!.AsArray().ToDictionary(k => (string)k!["kid"]!, k => System.Buffers.Text.Base64Url.DecodeFromChars((string)k!["k"]!));
        Assert.Equal(key1, byKid[EmeKid(Kid)]);
        Assert.Equal(key2, byKid[EmeKid(Kid2)]);

        Assert.Equal(404, (await ClearKeyAsync(region, $$"""{"kids":["{{EmeKid(Guid.NewGuid())}}"]}""")).Status);
        var bads = new[]
        {
            "{", "[]", """{"kids":[]}""", """{"kids":["short"]}""", """{"kids":[1]}""", $$"""{"kids":["{{EmeKid(Kid)}}"],"type":"weird"}""",
            """{"kids":["\ud800AAAAAAAAAAAAAAAAAAAAA"]}""", $$"""{"kids":["{{EmeKid(Kid)}}"],"type":"\udc00"}""",
        };
        foreach (var bad in bads)
        {
            Assert.Equal(400, (await ClearKeyAsync(region, bad)).Status);
        }
    }

    [Fact]
    public async Task RefusalReason_IsLoggedButNotSent()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        var logs = new CapturingLoggerProvider();
        await using var region = await Infrastructure.TestRegion.StartAsync(configureBuilder: b =>
        {
            b.Services.AddSingleton<TimeProvider>(clock);
            b.Logging.AddProvider(logs);
        });
        await region.CreateAccountAsync();
        Assert.Equal(201, (await region.PutAsync("assets/a1", new { properties = new { } })).Status);
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret)));
        await CreateLocatorAsync(region, "loc1", Kid, "tok");

        var wrongIssuer = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid, issuer: "https://evil.example/");
        var otherKid = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid2);
        var (issuerStatus, issuerBody, _) = await GetKeyAsync(region, Kid.ToString("D"), wrongIssuer);
        var (kidStatus, kidBody, _) = await GetKeyAsync(region, Kid.ToString("D"), otherKid);

        Assert.Equal(401, issuerStatus);
        Assert.Equal(401, kidStatus);
        Assert.Equal(issuerBody, kidBody);
        Assert.Contains(logs.Messages, m => m.Contains($"Refused key {Kid} with 401: WrongIssuer", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains($"Refused key {Kid} with 401: ContentKeyIdMismatch", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(wrongIssuer, StringComparison.Ordinal) || m.Contains(Convert.ToBase64String(secret), StringComparison.Ordinal));
    }

    [Fact]
    public void TokenMinter_NeedsThePrivateKeyForPublicKeyPolicies()
    {
        using var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        var restriction = new ContentKeyPolicyTokenRestriction
        {
            Issuer = Issuer,
            Audience = Audience,
            PrimaryVerificationKey = new ContentKeyPolicyRsaTokenKey
            {
                Exponent = Convert.ToBase64String(parameters.Exponent!),
                Modulus = Convert.ToBase64String(parameters.Modulus!),
            },
            RequiredClaims = [new ContentKeyPolicyTokenClaim { ClaimType = KidClaim }, new ContentKeyPolicyTokenClaim { ClaimType = "tier", ClaimValue = "gold" }],
            RestrictionTokenType = ContentKeyPolicyRestrictionTokenType.Jwt,
        };

        Assert.Throws<InvalidOperationException>(() => TokenMinter.Mint(restriction, new TokenMintOptions { Now = Start, ContentKeyId = Kid }));
        var token = TokenMinter.Mint(restriction, new TokenMintOptions { Now = Start, ContentKeyId = Kid, SigningKey = new RsaSecurityKey(rsa), MaxUses = 3 });
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal(Kid.ToString("D"), jwt.GetClaim(KidClaim).Value);
        Assert.Equal("gold", jwt.GetClaim("tier").Value);
        Assert.Equal("3", jwt.GetClaim("urn:microsoft:azure:mediaservices:maxuses").Value);
        Assert.Equal(Start.AddHours(1).UtcDateTime, jwt.ValidTo);
    }

    [Fact]
    public async Task UnknownOrMalformedKid_Returns404Or400()
    {
        var (region, _) = await StartAsync();
        await using var _r = region;
        await PutPolicyAsync(region, "open", OpenOption());
        await CreateLocatorAsync(region, "loc1", Kid, "open");

        var (unknown, body, _) = await GetKeyAsync(region, Guid.NewGuid().ToString("D"));
        Assert.Equal(404, unknown);
        Assert.Contains("NotFound", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Equal(400, (await GetKeyAsync(region, "not-a-guid")).Status);
        Assert.Equal(400, (await GetKeyAsync(region, Guid.Empty.ToString("D"))).Status);
        Assert.Equal(200, (await GetKeyAsync(region, "nb:kid:UUID:" + Kid.ToString("D"))).Status);

        using var client = new HttpClient { BaseAddress = region.Server.Addresses.KeyDelivery };
        using var missing = await client.GetAsync("", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        using var elsewhere = await client.GetAsync("nothing/here", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task LocatorOutsideItsWindow_Returns404_AndAnotherLocatorWithTheKeyIsUsed()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        await PutPolicyAsync(region, "open", OpenOption());
        var value = RandomNumberGenerator.GetBytes(16);
        await CreateLocatorAsync(region, "early", Kid, "open", end: Start.AddHours(1), value: value);
        await CreateLocatorAsync(region, "later", Kid2, "open", start: Start.AddHours(2));

        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"))).Status);
        Assert.Equal(404, (await GetKeyAsync(region, Kid2.ToString("D"))).Status);
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(404, (await GetKeyAsync(region, Kid.ToString("D"))).Status);
        Assert.Equal(200, (await GetKeyAsync(region, Kid2.ToString("D"))).Status);

        // The same key published again by a locator inside its window is delivered.
        await CreateLocatorAsync(region, "republished", Kid, "open", value: value);
        var (status, body, _) = await GetKeyAsync(region, Kid.ToString("D"));
        Assert.Equal(200, status);
        Assert.Equal(value, body);
    }

    [Fact]
    public async Task AccountIpRule_HoldsKeysBackFromOtherAddresses_AndBadRulesChangeNothing()
    {
        var (region, _) = await StartAsync();
        await using var _r = region;
        await PutPolicyAsync(region, "open", OpenOption());
        var expected = await CreateLocatorAsync(region, "loc1", Kid, "open");
        var account = Meridian.Region.Tests.Infrastructure.TestRegion.AccountPath;
        static object Rule(string action, params string[] list) =>
            new { properties = new { keyDelivery = new { accessControl = new { defaultAction = action, ipAllowList = list } } } };

        // Deny, with only another network allowed: the test client (127.0.0.1) gets 403 and no key bytes.
        var (patched, body) = await region.PatchAsync(account, Rule("Deny", "10.0.0.0/8", "2001:db8::/32"));
        Assert.Equal(200, patched);
        Assert.Equal("Deny", (string?)body!["properties"]!["keyDelivery"]!["accessControl"]!["defaultAction"]);
        Assert.Equal(2, body["properties"]!["keyDelivery"]!["accessControl"]!["ipAllowList"]!.AsArray().Count);
        var (status, denied, _) = await GetKeyAsync(region, Kid.ToString("D"));
        Assert.Equal(403, status);
        Assert.NotEqual(expected, denied);
        Assert.Equal(403, (await ClearKeyAsync(region, $$"""{"kids":["{{EmeKid(Kid)}}"]}""")).Status);

        // Rules that cannot be right are refused and the one in force stays.
        foreach (var bad in new[] { Rule("Allow", "10.0.0.0/8"), Rule("Maybe"), Rule("Deny", "not-an-address"), Rule("Deny", "10.0.0.1/40") })
        {
            Assert.Equal(400, (await region.PatchAsync(account, bad)).Status);
        }

        Assert.Equal(403, (await GetKeyAsync(region, Kid.ToString("D"))).Status);

        // The loopback network, or a single address, allowed: the key is delivered; Allow again opens it to all.
        foreach (var allowed in new[] { Rule("Deny", "127.0.0.0/8"), Rule("Deny", "192.0.2.7", "127.0.0.1"), Rule("Allow") })
        {
            Assert.Equal(200, (await region.PatchAsync(account, allowed)).Status);
            var (ok, key, _) = await GetKeyAsync(region, Kid.ToString("D"));
            Assert.Equal(200, ok);
            Assert.Equal(expected, key);
        }

        var (_, shown) = await region.GetAsync(account);
        Assert.Equal("Allow", (string?)shown!["properties"]!["keyDelivery"]!["accessControl"]!["defaultAction"]);
    }

    [Fact]
    public async Task AKeyId_NamesOneKey_OfOneAccount_AndAnyLocatorPublishingItOpenlyOpensIt()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret)));
        await PutPolicyAsync(region, "open", OpenOption());
        var value = await CreateLocatorAsync(region, "b-token", Kid, "tok");

        // Another value, or a generated one, for the same id: refused, and nothing is written.
        foreach (var other in new[] { RandomNumberGenerator.GetBytes(16), null })
        {
            var (status, body) = await region.PutAsync("streamingLocators/a-other", LocatorBody(Kid, "open", other));
            Assert.Equal(409, status);
            Assert.Contains("b-token", (string?)body!["error"]!["message"], StringComparison.Ordinal);
            Assert.Equal(404, (await region.GetAsync("streamingLocators/a-other")).Status);
        }

        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"))).Status);

        // Another account of the region may not publish the id at all, even with the same value.
        await region.CreateAccountAsync("media2");
        var otherAccount = Meridian.Region.Tests.Infrastructure.TestRegion.AccountPath.Replace(
            Meridian.Region.Tests.Infrastructure.TestRegion.Account, "media2", StringComparison.Ordinal);
        Assert.Equal(201, (await region.PutAsync($"{otherAccount}/assets/a1", new { properties = new { } })).Status);
        Assert.Equal(201, (await region.PutAsync($"{otherAccount}/contentKeyPolicies/open", new { properties = new { options = new JsonArray(OpenOption()) } })).Status);
        foreach (var other in new[] { value, RandomNumberGenerator.GetBytes(16) })
        {
            var (status, body) = await region.PutAsync($"{otherAccount}/streamingLocators/thief", LocatorBody(Kid, "open", other));
            Assert.Equal(409, status);
            Assert.Contains("another account", (string?)body!["error"]!["message"], StringComparison.Ordinal);
        }

        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"))).Status);
        var token = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid);
        Assert.Equal(value, (await GetKeyAsync(region, Kid.ToString("D"), token)).Body);

        // The same key published again in the same account: either locator's policy can release it, whichever sorts first.
        await CreateLocatorAsync(region, "a-open", Kid, "open", value: value);
        var (open, openBody, _) = await GetKeyAsync(region, Kid.ToString("D"));
        Assert.Equal(200, open);
        Assert.Equal(value, openBody);
        Assert.Equal(value, (await GetKeyAsync(region, Kid.ToString("D"), token)).Body);
    }

    private static JsonObject LocatorBody(Guid keyId, string policy, byte[]? value)
    {
        var key = new JsonObject { ["id"] = keyId.ToString("D"), ["labelReferenceInStreamingPolicy"] = "clearKeyDefault" };
        if (value is not null)
        {
            key["value"] = Convert.ToBase64String(value);
        }

        return new JsonObject
        {
            ["properties"] = new JsonObject
            {
                ["assetName"] = "a1",
                ["streamingPolicyName"] = "Predefined_ClearKey",
                ["defaultContentKeyPolicyName"] = policy,
                ["contentKeys"] = new JsonArray(key),
            },
        };
    }

    [Theory]
    [InlineData("PlayReady/")]
    [InlineData("Widevine/?kid=60000000-0000-0000-0000-0000000000a1")]
    [InlineData("FairPlay/?kid=60000000-0000-0000-0000-0000000000a1")]
    [InlineData("playready")]
    public async Task DrmLicensePaths_Return501_PointingAtALicenseServer(string path)
    {
        var (region, _) = await StartAsync();
        await using var _r = region;
        using var client = new HttpClient { BaseAddress = region.Server.Addresses.KeyDelivery };
        using var response = await client.PostAsync(path, new ByteArrayContent([1, 2, 3]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("license server", text, StringComparison.Ordinal);
        Assert.Contains("custom license acquisition URL template", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyUpdate_TakesEffectOnTheNextRequest()
    {
        var (region, clock) = await StartAsync();
        await using var _r = region;
        var secret = RandomNumberGenerator.GetBytes(32);
        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret)));
        await CreateLocatorAsync(region, "loc1", Kid, "tok");
        var oldIssuer = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid);
        var newIssuer = TestTokens.Create(TestTokens.Hmac(secret), clock.GetUtcNow(), Kid, issuer: "https://new-issuer.example/");
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), oldIssuer)).Status);
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), newIssuer)).Status);

        await PutPolicyAsync(region, "tok", TokenOption(SymmetricKey(secret), issuer: "https://new-issuer.example/"));
        Assert.Equal(401, (await GetKeyAsync(region, Kid.ToString("D"), oldIssuer)).Status);
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"), newIssuer)).Status);

        await PutPolicyAsync(region, "tok", OpenOption());
        Assert.Equal(200, (await GetKeyAsync(region, Kid.ToString("D"))).Status);
    }

    [Fact]
    public async Task CorsPreflight_AllowsAuthorizationFromAnyOrigin()
    {
        var (region, _) = await StartAsync();
        await using var _r = region;
        using var client = new HttpClient { BaseAddress = region.Server.Addresses.KeyDelivery };
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "ClearKey/");
        preflight.Headers.Add("Origin", "https://player.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var response = await client.SendAsync(preflight, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void KeyDeliveryUrls_BuildEnvelopeAndClearKeyUrls()
    {
        var baseUrl = new Uri("http://127.0.0.1:7082/");
        Assert.Equal("http://127.0.0.1:7082/?kid=60000000-0000-0000-0000-0000000000a1", KeyDeliveryUrls.Envelope(baseUrl, Kid).ToString());
        Assert.Equal("http://127.0.0.1:7082/ClearKey/", KeyDeliveryUrls.ClearKeyLicense(baseUrl).ToString());
        var custom = new Meridian.Region.ControlPlane.StreamingPolicies.EnvelopeEncryption
        {
            CustomKeyAcquisitionUrlTemplate = "https://keys.example/{AlternativeMediaId}/{ContentKeyId}",
        };
        Assert.Equal("https://keys.example/m%201/60000000-0000-0000-0000-0000000000a1",
            KeyDeliveryUrls.Envelope(baseUrl, custom, Kid, "m 1").AbsoluteUri);
    }
}
