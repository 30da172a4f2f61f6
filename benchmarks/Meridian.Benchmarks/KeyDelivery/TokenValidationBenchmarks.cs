using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Meridian.Region.ControlPlane.ContentKeyPolicies;
using Meridian.Region.KeyDelivery;

namespace Meridian.Benchmarks.KeyDelivery;

/// <summary>
/// The CPU side of a key request with token validation: one JWT (HS256 or RS256) checked against a token restriction
/// with issuer, audience, lifetime and the content-key-identifier claim. Requests per second per core = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private static readonly Guid KeyId = Guid.Parse("60000000-0000-0000-0000-000000000001");
    private TokenRestrictionValidator _validator = null!;
    private ContentKeyPolicyTokenRestriction _hmac = null!;
    private ContentKeyPolicyTokenRestriction _rsa = null!;
    private string _hmacToken = "";
    private string _rsaToken = "";
    private RSA _rsaKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _validator = new TokenRestrictionValidator(new KeyDeliveryOptions(), TimeProvider.System);
        var claims = new[] { new ContentKeyPolicyTokenClaim { ClaimType = KeyDeliveryClaims.ContentKeyIdentifier } };
        _hmac = new ContentKeyPolicyTokenRestriction
        {
            Issuer = "urn:bench",
            Audience = "urn:players",
            RestrictionTokenType = ContentKeyPolicyRestrictionTokenType.Jwt,
            PrimaryVerificationKey = new ContentKeyPolicySymmetricTokenKey { KeyValue = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            RequiredClaims = claims,
        };
        _rsaKey = RSA.Create(2048);
        var parameters = _rsaKey.ExportParameters(false);
        _rsa = _hmac with
        {
            PrimaryVerificationKey = new ContentKeyPolicyRsaTokenKey
            {
                Exponent = Convert.ToBase64String(parameters.Exponent!),
                Modulus = Convert.ToBase64String(parameters.Modulus!),
            },
        };
        var now = DateTimeOffset.UtcNow;
        _hmacToken = TokenMinter.Mint(_hmac, new TokenMintOptions { Now = now, ContentKeyId = KeyId, Lifetime = TimeSpan.FromHours(12) });
        _rsaToken = TokenMinter.Mint(_rsa, new TokenMintOptions
        {
            Now = now,
            ContentKeyId = KeyId,
            Lifetime = TimeSpan.FromHours(12),
            SigningKey = new Microsoft.IdentityModel.Tokens.RsaSecurityKey(_rsaKey),
        });
    }

    [GlobalCleanup]
    public void Cleanup() => _rsaKey.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<bool> Hs256() => (await _validator.ValidateAsync(_hmacToken, _hmac, KeyId)).Valid;

    [Benchmark]
    public async Task<bool> Rs256() => (await _validator.ValidateAsync(_rsaToken, _rsa, KeyId)).Valid;
}
