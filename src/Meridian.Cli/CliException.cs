namespace Meridian.Cli;

/// <summary>A mistake the user can fix (a missing file, a bad flag, no running stack); printed as <c>error: message</c>.</summary>
public sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
