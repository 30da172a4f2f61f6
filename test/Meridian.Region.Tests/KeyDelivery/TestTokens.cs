using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Meridian.Region.Tests.KeyDelivery;

/// <summary>Builds JWTs for the tests with Microsoft.IdentityModel, including hostile ones (unsigned, wrong key, wrong times).</summary>
internal static class TestTokens
{
    public static string Create(
        SigningCredentials? credentials,
        DateTimeOffset now,
        Guid? kid,
        string issuer = KeyDeliveryTestData.Issuer,
        string audience = KeyDeliveryTestData.Audience,
        TimeSpan? lifetime = null,
        DateTimeOffset? notBefore = null,
        int? maxUses = null,
        IReadOnlyDictionary<string, object>? extra = null,
        IDictionary<string, object>? header = null)
    {
        var claims = new Dictionary<string, object>(extra ?? new Dictionary<string, object>());
        if (kid is { } id)
        {
            claims[KeyDeliveryTestData.KidClaim] = id.ToString("D");
        }

        if (maxUses is { } max)
        {
            claims["urn:microsoft:azure:mediaservices:maxuses"] = max;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = (notBefore ?? now).UtcDateTime,
            Expires = (now + (lifetime ?? TimeSpan.FromHours(1))).UtcDateTime,
            Claims = claims,
            SigningCredentials = credentials,
            AdditionalHeaderClaims = header,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public static SigningCredentials Hmac(byte[] secret) => new(new SymmetricSecurityKey(secret), SecurityAlgorithms.HmacSha256);
}
