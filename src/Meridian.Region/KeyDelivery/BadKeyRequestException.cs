namespace Meridian.Region.KeyDelivery;

/// <summary>A malformed key request (400); its message tells the caller what shape was expected.</summary>
public sealed class BadKeyRequestException : Exception
{
    public BadKeyRequestException()
    {
    }

    public BadKeyRequestException(string message)
        : base(message)
    {
    }

    public BadKeyRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
