namespace Meridian.Region.KeyDelivery;

/// <summary>Why a key was not delivered. Logged, never sent: the response body is the same for every reason of a status.</summary>
public enum KeyDenial
{
    UnknownKeyId,
    LocatorNotYetValid,
    LocatorExpired,
    PolicyMissing,
    NoMatchingOption,
    MissingToken,
    TokenTooLarge,
    MalformedToken,
    UnsupportedTokenType,
    NoVerificationKey,
    AlgorithmNotAllowed,
    BadSignature,
    WrongIssuer,
    WrongAudience,
    Expired,
    NotYetValid,
    NoExpiration,
    MissingClaim,
    ClaimValueMismatch,
    ContentKeyIdMismatch,
    BadMaxUses,
    MaxUsesLifetimeTooLong,
    MaxUsesExceeded,
    InvalidToken,
    ConflictingKeys,
    AddressNotAllowed,
}
