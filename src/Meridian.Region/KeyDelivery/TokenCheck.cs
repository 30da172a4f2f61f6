namespace Meridian.Region.KeyDelivery;

/// <summary>The outcome of checking a token against one token restriction.</summary>
/// <param name="Denial">Why the token does not satisfy the restriction; null when it does.</param>
/// <param name="Use">Set when the valid token limits its uses.</param>
public sealed record TokenCheck(KeyDenial? Denial, TokenUse? Use = null)
{
    public bool Valid => Denial is null;

    public static TokenCheck Deny(KeyDenial reason) => new(reason);
}
