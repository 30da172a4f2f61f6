namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>
/// The AMS error codes the job runner reports, each with its category and an honest retry hint: what the customer must fix
/// is <c>DoNotRetry</c>, what may pass on its own is <c>MayRetry</c>.
/// </summary>
public static class JobErrors
{
    public static JobError ServiceError(string message) => Make("ServiceError", "Service", "MayRetry", message);

    public static JobError DownloadNotAccessible(string message) => Make("DownloadNotAccessible", "Download", "DoNotRetry", message);

    public static JobError DownloadTransientError(string message) => Make("DownloadTransientError", "Download", "MayRetry", message);

    public static JobError UploadNotAccessible(string message) => Make("UploadNotAccessible", "Upload", "DoNotRetry", message);

    public static JobError UploadTransientError(string message) => Make("UploadTransientError", "Upload", "MayRetry", message);

    public static JobError ConfigurationUnsupported(string message) => Make("ConfigurationUnsupported", "Configuration", "DoNotRetry", message);

    public static JobError ContentMalformed(string message) => Make("ContentMalformed", "Content", "DoNotRetry", message);

    public static JobError ContentUnsupported(string message) => Make("ContentUnsupported", "Content", "DoNotRetry", message);

    private static JobError Make(string code, string category, string retry, string message) =>
        new() { Code = code, Category = category, Retry = retry, Message = message, Details = [] };
}
