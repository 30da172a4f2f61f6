using Microsoft.Extensions.Logging;

namespace Meridian.Region.Storage.Endpoint;

public sealed partial class BlobEndpoint
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Blob request {Method} failed.")]
        public static partial void Failed(ILogger logger, string method, Exception exception);
    }
}
