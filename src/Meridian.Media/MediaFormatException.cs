namespace Meridian.Media;

/// <summary>
/// The one exception the media library throws for malformed, truncated, hostile or unsupported input.
/// </summary>
/// <remarks>
/// Callers (the origin) map this to a 4xx/5xx for one asset without treating it as a server bug; any other exception
/// type escaping a parser is a defect. Parsers therefore never let <see cref="IndexOutOfRangeException"/>,
/// <see cref="OverflowException"/> or <see cref="OutOfMemoryException"/> reach the caller.
/// </remarks>
public sealed class MediaFormatException : Exception
{
    public MediaFormatException()
    {
    }

    public MediaFormatException(string message)
        : base(message)
    {
    }

    public MediaFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
