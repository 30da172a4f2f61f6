namespace Meridian.Region.Streaming;

/// <summary>
/// A request the streaming endpoint refuses, with the AMS origin error code (<c>MPE_*</c>) and its HTTP status
/// (AMS "Streaming Endpoint error codes" reference).
/// </summary>
public sealed class OriginException : Exception
{
    public OriginException(int statusCode, string code, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
    }

    public OriginException()
        : this(500, "MPE_INTERNAL_ERROR", "The origin failed.")
    {
    }

    public OriginException(string message)
        : this(400, "MPE_BAD_URL_SYNTAX", message)
    {
    }

    public OriginException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
        Code = "MPE_INTERNAL_ERROR";
    }

    public int StatusCode { get; }

    public string Code { get; }

    public static OriginException BadUrl(string message) => new(400, "MPE_BAD_URL_SYNTAX", message);

    public static OriginException NotFound(string message) => new(404, "MPE_RESOURCE_NOT_FOUND", message);

    public static OriginException TrackNotFound(string message) => new(404, "MPE_EGRESS_TRACK_NOT_FOUND", message);

    public static OriginException FragmentNotFound(string message) => new(404, "MPE_FRAGMENT_TIMESTAMP_NOT_FOUND", message);
}
