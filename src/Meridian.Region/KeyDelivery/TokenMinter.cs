using Meridian.Region.ControlPlane.ContentKeyPolicies;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// Builds a JWT that a content key policy's token restriction accepts: its issuer and audience, every required claim
/// (the content key id claim set to the key), <c>exp</c> an hour ahead by default, signed with the policy's symmetric
/// primary key (HS256) or a given private key. For testing playback (<c>meridian token LOCATOR</c>); production tokens
/// come from the customer's own token service.
/// </summary>
/// <remarks>
/// The policy must be read with its secrets (<c>getPolicyPropertiesWithSecrets</c>); a GET blanks the keys.
/// </remarks>
public static class TokenMinter
{
    /// <summary>Value given to required claims that name no value.</summary>
    public const string AnyClaimValue = "meridian";

    /// <summary>The token restriction of the first option of <paramref name="policy"/> that delivers clear keys, or null.</summary>
    public static ContentKeyPolicyTokenRestriction? FindRestriction(ContentKeyPolicyProperties policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return (policy.Options ?? [])
            .Where(o => o?.Configuration is ContentKeyPolicyClearKeyConfiguration)
            .Select(o => o.Restriction)
            .OfType<ContentKeyPolicyTokenRestriction>()
            .FirstOrDefault();
    }

    /// <summary>A token for the policy's first token-restricted clear key option.</summary>
    /// <exception cref="InvalidOperationException">The policy has no such option, or its key cannot sign.</exception>
    public static string Mint(ContentKeyPolicyProperties policy, TokenMintOptions options) =>
        Mint(FindRestriction(policy) ?? throw new InvalidOperationException(
            "The content key policy has no token-restricted ClearKey option; open options need no token."), options);

    /// <summary>A token the restriction accepts.</summary>
    /// <exception cref="InvalidOperationException">The primary key is public and no <see cref="TokenMintOptions.SigningKey"/> was given.</exception>
    public static string Mint(ContentKeyPolicyTokenRestriction restriction, TokenMintOptions options)
    {
        ArgumentNullException.ThrowIfNull(restriction);
        ArgumentNullException.ThrowIfNull(options);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var required in restriction.RequiredClaims ?? [])
        {
            if (required?.ClaimType is not { } type)
            {
                continue;
            }

            claims[type] = !string.IsNullOrEmpty(required.ClaimValue) ? required.ClaimValue :
                type == KeyDeliveryClaims.ContentKeyIdentifier && options.ContentKeyId is { } kid ? kid.ToString("D") :
                type == KeyDeliveryClaims.ContentKeyIdentifier ? throw new InvalidOperationException(
                    "The policy requires the content key id claim: give TokenMintOptions.ContentKeyId.") :
                AnyClaimValue;
        }

        if (options.MaxUses is { } maxUses)
        {
            claims[KeyDeliveryClaims.MaxUses] = maxUses;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = restriction.Issuer,
            Audience = restriction.Audience,
            IssuedAt = options.Now.UtcDateTime,
            NotBefore = options.Now.UtcDateTime,
            Expires = (options.Now + options.Lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = Credentials(restriction, options.SigningKey),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static SigningCredentials Credentials(ContentKeyPolicyTokenRestriction restriction, SecurityKey? signingKey) => signingKey switch
    {
        SymmetricSecurityKey symmetric => new SigningCredentials(symmetric, SecurityAlgorithms.HmacSha256),
        ECDsaSecurityKey ecdsa => new SigningCredentials(ecdsa, SecurityAlgorithms.EcdsaSha256),
        not null => new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        null => restriction.PrimaryVerificationKey is ContentKeyPolicySymmetricTokenKey { KeyValue: { Length: > 0 } value }
            ? new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(value)), SecurityAlgorithms.HmacSha256)
            : throw new InvalidOperationException(
                "The policy's primary verification key is public (RSA or X.509) or blank: give the private key as TokenMintOptions.SigningKey, " +
                "or read the policy with getPolicyPropertiesWithSecrets."),
    };
}
