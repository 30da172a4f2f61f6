using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Meridian.Region.ControlPlane.ContentKeyPolicies;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// Checks a JWT against a <see cref="ContentKeyPolicyTokenRestriction"/> with Microsoft.IdentityModel: signature by the
/// primary or an alternate key, issuer, audience, <c>exp</c>/<c>nbf</c> on the region's clock, the required claims, the
/// content key id claim and <c>maxuses</c>.
/// </summary>
/// <remarks>
/// The token's <c>alg</c> picks the key family and only that family's algorithms are allowed, so an HMAC token can never be
/// checked with an RSA key's public bytes as its secret (algorithm confusion) and <c>none</c> is never accepted. Tokens
/// must carry <c>exp</c>. Simple Web Tokens and keys from an OpenID Connect discovery document are not supported: such
/// restrictions refuse every token (the log says why).
/// </remarks>
public sealed class TokenRestrictionValidator
{
    private static readonly string[] HmacAlgorithms =
        [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.HmacSha384, SecurityAlgorithms.HmacSha512];

    private static readonly string[] RsaAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
    ];

    private static readonly string[] EcdsaAlgorithms =
        [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512];

    private readonly KeyDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly JsonWebTokenHandler _handler;

    public TokenRestrictionValidator(KeyDeliveryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _handler = new JsonWebTokenHandler { MaximumTokenSizeInBytes = options.MaxTokenLength };
    }

    public async Task<TokenCheck> ValidateAsync(string token, ContentKeyPolicyTokenRestriction restriction, Guid keyId)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(restriction);
        if (token.Length > _options.MaxTokenLength)
        {
            return TokenCheck.Deny(KeyDenial.TokenTooLarge);
        }

        if (restriction.RestrictionTokenType != ContentKeyPolicyRestrictionTokenType.Jwt)
        {
            return TokenCheck.Deny(KeyDenial.UnsupportedTokenType);
        }

        string algorithm;
        try
        {
            var header = _handler.ReadJsonWebToken(token);
            if (header.IsEncrypted)
            {
                return TokenCheck.Deny(KeyDenial.MalformedToken);
            }

            // RFC 7515 §4.1.11: a header naming extensions in "crit" must be refused by a recipient that does not know them,
            // and this one knows none.
            if (header.TryGetHeaderValue<object>("crit", out _))
            {
                return TokenCheck.Deny(KeyDenial.MalformedToken);
            }

            algorithm = header.Alg ?? "";
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException or FormatException or InvalidOperationException)
        {
            // FormatException: five segments, read as an encrypted token (JWE) whose parts are not base64url.
            return TokenCheck.Deny(KeyDenial.MalformedToken);
        }

        var (family, allowed) = HmacAlgorithms.Contains(algorithm) ? (KeyFamily.Hmac, HmacAlgorithms) :
            RsaAlgorithms.Contains(algorithm) ? (KeyFamily.Rsa, RsaAlgorithms) :
            EcdsaAlgorithms.Contains(algorithm) ? (KeyFamily.Ecdsa, EcdsaAlgorithms) :
            (KeyFamily.None, []);
        if (family == KeyFamily.None)
        {
            return TokenCheck.Deny(KeyDenial.AlgorithmNotAllowed);
        }

        var disposables = new List<IDisposable>();
        try
        {
            var keys = Keys(restriction, family, algorithm, disposables);
            if (keys.Count == 0)
            {
                return TokenCheck.Deny(KeyDenial.NoVerificationKey);
            }

            KeyDenial? lifetime = null;
            var parameters = new TokenValidationParameters
            {
                ValidIssuer = restriction.Issuer,
                ValidAudience = restriction.Audience,
                IssuerSigningKeys = keys,
                ValidAlgorithms = allowed,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = _options.ClockSkew,
                TryAllIssuerSigningKeys = true,
                LifetimeValidator = (notBefore, expires, _, _) =>
                {
                    lifetime = Lifetime(notBefore, expires);
                    return lifetime is null;
                },
            };
            var result = await _handler.ValidateTokenAsync(token, parameters);
            if (!result.IsValid)
            {
                return TokenCheck.Deny(lifetime ?? Classify(result.Exception));
            }

            return Claims((JsonWebToken)result.SecurityToken, restriction, keyId, token);
        }
        finally
        {
            foreach (var disposable in disposables)
            {
                disposable.Dispose();
            }
        }
    }

    private KeyDenial? Lifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is not { } exp)
        {
            return KeyDenial.NoExpiration;
        }

        if (now > exp.ToUniversalTime() + _options.ClockSkew)
        {
            return KeyDenial.Expired;
        }

        return notBefore is { } nbf && now < nbf.ToUniversalTime() - _options.ClockSkew ? KeyDenial.NotYetValid : null;
    }

    private TokenCheck Claims(JsonWebToken jwt, ContentKeyPolicyTokenRestriction restriction, Guid keyId, string token)
    {
        foreach (var required in restriction.RequiredClaims ?? [])
        {
            if (required?.ClaimType is not { } type)
            {
                continue;
            }

            var values = jwt.Claims.Where(c => string.Equals(c.Type, type, StringComparison.Ordinal)).Select(c => c.Value).ToList();
            if (values.Count == 0)
            {
                return TokenCheck.Deny(KeyDenial.MissingClaim);
            }

            if (!string.IsNullOrEmpty(required.ClaimValue) && !values.Contains(required.ClaimValue, StringComparer.Ordinal))
            {
                return TokenCheck.Deny(KeyDenial.ClaimValueMismatch);
            }
        }

        // A token scoped to a key unlocks only that key, whether or not the policy asks for the claim.
        // One value only: a claim listing several key ids (an array) would unlock each of them with one token.
        var kidClaims = jwt.Claims.Where(c => c.Type == KeyDeliveryClaims.ContentKeyIdentifier).ToList();
        if (kidClaims.Count > 1 || (kidClaims.Count == 1 && !(Guid.TryParse(kidClaims[0].Value, out var claimed) && claimed == keyId)))
        {
            return TokenCheck.Deny(KeyDenial.ContentKeyIdMismatch);
        }

        var maxUses = jwt.Claims.Where(c => c.Type == KeyDeliveryClaims.MaxUses).ToList();
        if (maxUses.Count == 0)
        {
            return new TokenCheck(null);
        }

        if (maxUses.Count > 1 || !int.TryParse(maxUses[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max <= 0)
        {
            return TokenCheck.Deny(KeyDenial.BadMaxUses);
        }

        // The issuer's clock may run ahead of the region's by the skew allowed for exp and nbf, so a token minted for
        // exactly the longest lifetime is not refused by a region a second behind.
        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (expires - _time.GetUtcNow() > _options.MaxUsesTokenLifetime + _options.ClockSkew)
        {
            return TokenCheck.Deny(KeyDenial.MaxUsesLifetimeTooLong);
        }

        var signed = token.AsSpan(0, token.LastIndexOf('.'));
        var id = Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(signed.ToString())));
        return new TokenCheck(null, new TokenUse(id, max, expires));
    }

    private static List<SecurityKey> Keys(
        ContentKeyPolicyTokenRestriction restriction, KeyFamily family, string algorithm, List<IDisposable> disposables)
    {
        var keys = new List<SecurityKey>();
        IEnumerable<ContentKeyPolicyRestrictionTokenKey?> all = [restriction.PrimaryVerificationKey, .. restriction.AlternateVerificationKeys ?? []];
        foreach (var key in all)
        {
            try
            {
                switch (key)
                {
                    case ContentKeyPolicySymmetricTokenKey { KeyValue: { Length: > 0 } value } when family == KeyFamily.Hmac:
                        keys.Add(new SymmetricSecurityKey(Convert.FromBase64String(value)));
                        break;
                    case ContentKeyPolicyRsaTokenKey { Exponent: { Length: > 0 } e, Modulus: { Length: > 0 } n } when family == KeyFamily.Rsa:
                        keys.Add(new RsaSecurityKey(new RSAParameters { Exponent = Convert.FromBase64String(e), Modulus = Convert.FromBase64String(n) }));
                        break;
                    case ContentKeyPolicyX509CertificateTokenKey { RawBody: { Length: > 0 } raw } when family != KeyFamily.Hmac:
                        var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(raw));
                        disposables.Add(certificate);
                        if (family == KeyFamily.Rsa)
                        {
                            using var rsa = certificate.GetRSAPublicKey();
                            if (rsa is not null)
                            {
                                keys.Add(new X509SecurityKey(certificate));
                            }
                        }
                        else if (certificate.GetECDsaPublicKey() is { } ec)
                        {
                            // X509SecurityKey does not verify ES256/384/512; the certificate's EC key does. It is disposed with
                            // the certificates once the token is checked. RFC 7518 §3.4 ties each algorithm to one curve.
                            disposables.Add(ec);
                            if (ec.KeySize == EcdsaCurveBits(algorithm))
                            {
                                keys.Add(new ECDsaSecurityKey(ec));
                            }
                        }

                        break;
                    default:
                        break;
                }
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                // The validator refuses such keys on write; a key that still fails to load verifies nothing.
            }
        }

        return keys;
    }

    private static int EcdsaCurveBits(string algorithm) => algorithm switch
    {
        SecurityAlgorithms.EcdsaSha256 => 256,
        SecurityAlgorithms.EcdsaSha384 => 384,
        _ => 521,
    };

    private static KeyDenial Classify(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => KeyDenial.Expired,
        SecurityTokenNotYetValidException => KeyDenial.NotYetValid,
        SecurityTokenNoExpirationException => KeyDenial.NoExpiration,
        SecurityTokenInvalidIssuerException => KeyDenial.WrongIssuer,
        SecurityTokenInvalidAudienceException => KeyDenial.WrongAudience,
        SecurityTokenInvalidAlgorithmException => KeyDenial.AlgorithmNotAllowed,
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => KeyDenial.BadSignature,
        SecurityTokenMalformedException or ArgumentException => KeyDenial.MalformedToken,
        _ => KeyDenial.InvalidToken,
    };

    private enum KeyFamily
    {
        None,
        Hmac,
        Rsa,
        Ecdsa,
    }
}
