using Meridian.Region.ControlPlane.ContentKeyPolicies;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// Decides whether a request may have a key: some option of the key's policy must deliver clear keys (the
/// <c>ClearKey</c> configuration, used for AES-128 envelope and for EME ClearKey) and have a restriction the request meets
/// (open, or a valid token). Options are tried in order; PlayReady, Widevine and FairPlay options never release the key.
/// </summary>
public sealed class KeyAuthorizer(TokenRestrictionValidator tokens)
{
    /// <summary>
    /// The first of <paramref name="keys"/> (one key as several locators publish it) whose policy lets the request have it,
    /// with the token use to spend. A key published openly by one locator and behind a token by another is open.
    /// </summary>
    /// <exception cref="KeyDeliveryException">401 with the reason of the first refusal.</exception>
    public async Task<(ResolvedContentKey Key, TokenUse? Use)> AuthorizeAnyAsync(IReadOnlyList<ResolvedContentKey> keys, string? token)
    {
        ArgumentNullException.ThrowIfNull(keys);
        KeyDeliveryException? first = null;
        var tried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            // Locators sharing a policy would give the same answer.
            if (!tried.Add(key.PolicyName))
            {
                continue;
            }

            try
            {
                return (key, await AuthorizeAsync(key, token));
            }
            catch (KeyDeliveryException ex)
            {
                first ??= ex;
            }
        }

        if (first is null)
        {
            throw new ArgumentException("No key to authorize.", nameof(keys));
        }

        throw first;
    }

    /// <summary>The token use to spend when the delivery goes ahead (null for open options and tokens without <c>maxuses</c>).</summary>
    /// <exception cref="KeyDeliveryException">401 with the reason of the first refusing option.</exception>
    public async Task<TokenUse?> AuthorizeAsync(ResolvedContentKey key, string? token)
    {
        ArgumentNullException.ThrowIfNull(key);
        KeyDenial? denial = null;
        foreach (var option in key.Policy.Options ?? [])
        {
            if (option?.Configuration is not ContentKeyPolicyClearKeyConfiguration)
            {
                continue;
            }

            switch (option.Restriction)
            {
                case ContentKeyPolicyOpenRestriction:
                    return null;
                case ContentKeyPolicyTokenRestriction restriction when token is null:
                    denial ??= KeyDenial.MissingToken;
                    break;
                case ContentKeyPolicyTokenRestriction restriction:
                    var check = await tokens.ValidateAsync(token, restriction, key.KeyId);
                    if (check.Valid)
                    {
                        return check.Use;
                    }

                    denial ??= check.Denial;
                    break;
                default:
                    break;
            }
        }

        throw KeyDeliveryException.Unauthorized(denial ?? KeyDenial.NoMatchingOption, key.KeyId);
    }
}
