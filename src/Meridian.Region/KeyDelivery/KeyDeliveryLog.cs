using Microsoft.Extensions.Logging;

namespace Meridian.Region.KeyDelivery;

/// <summary>Key delivery log events. They name the reason a key was refused; responses do not. Tokens and keys are never logged.</summary>
internal static partial class KeyDeliveryLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Delivered key {KeyId} ({KeyType}) of locator {LocatorId} under content key policy '{PolicyName}'.")]
    public static partial void Delivered(ILogger logger, Guid keyId, string keyType, Guid locatorId, string policyName);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Refused key {KeyId} with {Status}: {Reason}.")]
    public static partial void Refused(ILogger logger, Guid? keyId, int status, KeyDenial reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Rejected a malformed key request to {Path}: {Problem}")]
    public static partial void Malformed(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Answered 501 for {System} at {Path}: use a license server through the streaming policy's custom license URL template.")]
    public static partial void NotImplemented(ILogger logger, string system, string path);
}
