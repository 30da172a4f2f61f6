using Meridian.Region.ControlPlane.ContentKeyPolicies;

namespace Meridian.Region.KeyDelivery;

/// <summary>
/// Decides whether a request may have a key: some option of the key's policy must deliver clear keys (the
/// <c>ClearKey</c> configuration, used for AES-128 envelope and for EME ClearKey) and have a restriction the request meets
/// (open, or a valid token). Options are tried in order; PlayReady, Widevine and FairPlay options never release the key.
/// </summary>
public sealed class KeyAuthorizer(TokenRestrictionValidator tokens)
{
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
