namespace Meridian.Region.KeyDelivery;

/// <summary>A refused key request: the status the client sees and the reason only the log sees.</summary>
public sealed class KeyDeliveryException : Exception
{
    public KeyDeliveryException()
    {
    }

    public KeyDeliveryException(string message)
        : base(message)
    {
    }

    public KeyDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KeyDeliveryException(int status, KeyDenial reason, Guid? keyId = null)
        : base($"Key request refused ({status}): {reason}.")
    {
        Status = status;
        Reason = reason;
        KeyId = keyId;
    }

    public int Status { get; } = 401;

    public KeyDenial Reason { get; } = KeyDenial.InvalidToken;

    public Guid? KeyId { get; }

    public static KeyDeliveryException Unauthorized(KeyDenial reason, Guid keyId) => new(401, reason, keyId);

    public static KeyDeliveryException NotFound(KeyDenial reason, Guid keyId) => new(404, reason, keyId);

    public static KeyDeliveryException Forbidden(KeyDenial reason, Guid keyId) => new(403, reason, keyId);
}
