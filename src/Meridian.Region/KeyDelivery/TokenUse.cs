namespace Meridian.Region.KeyDelivery;

/// <summary>A validated token that carries <c>maxuses</c>: delivering a key spends one of its uses.</summary>
/// <param name="Id">The token's identity: a hash of its signed part, so that re-encoding the signature does not make a new token.</param>
/// <param name="MaxUses">How many requests the token may authorize.</param>
/// <param name="Expires">The token's <c>exp</c>; its count can be forgotten after that (plus the clock skew).</param>
public sealed record TokenUse(string Id, int MaxUses, DateTimeOffset Expires);
