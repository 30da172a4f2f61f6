namespace Meridian.Region.Storage;

/// <summary>
/// A storage request the store or the blob endpoint refuses, with the HTTP status and Azure error code a client sees
/// (e.g. 404 <c>BlobNotFound</c>, 413 <c>RequestBodyTooLarge</c>).
/// </summary>
public sealed class BlobStorageException : Exception
{
    public BlobStorageException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public BlobStorageException()
        : this(500, BlobErrorCodes.InternalError, "The server encountered an internal error.")
    {
    }

    public BlobStorageException(string message)
        : this(400, BlobErrorCodes.InvalidHeaderValue, message)
    {
    }

    public BlobStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Code = BlobErrorCodes.InternalError;
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The Azure error code (<c>x-ms-error-code</c>).</summary>
    public string Code { get; }

    public static BlobStorageException ContainerNotFound() =>
        new(404, BlobErrorCodes.ContainerNotFound, "The specified container does not exist.");

    public static BlobStorageException BlobNotFound() =>
        new(404, BlobErrorCodes.BlobNotFound, "The specified blob does not exist.");

    public static BlobStorageException TooLarge(long limit) =>
        new(413, BlobErrorCodes.RequestBodyTooLarge, $"The request body is too large and exceeds the maximum permissible limit of {limit} bytes.");
}
