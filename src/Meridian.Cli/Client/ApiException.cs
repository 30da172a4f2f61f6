namespace Meridian.Cli.Client;

/// <summary>The control plane refused a request; <see cref="Code"/> and <see cref="Exception.Message"/> come from its ARM error body.</summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public ApiException()
        : this(500, "InternalServerError", "The control plane failed.")
    {
    }

    public ApiException(string message)
        : this(500, "InternalServerError", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Code = "InternalServerError";
    }

    /// <summary>The HTTP status code.</summary>
    public int Status { get; }

    /// <summary>The ARM error code, e.g. <c>ResourceNotFound</c>.</summary>
    public string Code { get; }
}
