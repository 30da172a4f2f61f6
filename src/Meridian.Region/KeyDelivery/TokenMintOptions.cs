using Microsoft.IdentityModel.Tokens;

namespace Meridian.Region.KeyDelivery;

/// <summary>What <see cref="TokenMinter"/> puts in a token.</summary>
public sealed record TokenMintOptions
{
    /// <summary>The token's issue time (<c>iat</c>, <c>nbf</c>); take it from the caller's TimeProvider.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>How long the token is valid (default 1 h).</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The key the token is for; fills a required content key id claim that has no value.</summary>
    public Guid? ContentKeyId { get; init; }

    /// <summary>Adds <c>urn:microsoft:azure:mediaservices:maxuses</c> (the lifetime must then be at most 1 h).</summary>
    public int? MaxUses { get; init; }

    /// <summary>
    /// The signing key when the policy's primary key is public (RSA or X.509): the matching private key. Null signs with
    /// the policy's symmetric primary key (HS256).
    /// </summary>
    public SecurityKey? SigningKey { get; init; }
}
