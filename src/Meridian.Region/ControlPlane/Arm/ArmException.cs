namespace Meridian.Region.ControlPlane.Arm;

/// <summary>
/// A request the control plane refuses. It becomes an ARM error body
/// <c>{"error":{"code","message","target","details"}}</c> with <see cref="StatusCode"/>.
/// </summary>
public sealed class ArmException : Exception
{
    public ArmException(int statusCode, string code, string message, string? target = null, IReadOnlyList<ArmErrorDetail>? details = null)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
        Target = target;
        Details = details ?? [];
    }

    public ArmException()
        : this(500, "InternalServerError", "An internal error occurred.")
    {
    }

    public ArmException(string message)
        : this(400, "BadRequest", message)
    {
    }

    public ArmException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
        Code = "BadRequest";
        Details = [];
    }

    public int StatusCode { get; }

    public string Code { get; }

    public string? Target { get; }

    public IReadOnlyList<ArmErrorDetail> Details { get; }

    public static ArmException BadRequest(string message, string? target = null) => new(400, "BadRequest", message, target);

    public static ArmException InvalidBody(string message, string? target = null) => new(400, "InvalidRequestContent", message, target);

    public static ArmException NotFound(string type, string name) =>
        new(404, "ResourceNotFound", $"The {type} '{name}' was not found.", name);

    public static ArmException Conflict(string message, string? target = null) => new(409, "Conflict", message, target);
}
