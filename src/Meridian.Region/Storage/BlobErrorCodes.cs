namespace Meridian.Region.Storage;

/// <summary>The Azure Storage error codes the store and the blob endpoint use, as clients match them.</summary>
public static class BlobErrorCodes
{
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string AuthorizationPermissionMismatch = "AuthorizationPermissionMismatch";
    public const string AuthorizationResourceTypeMismatch = "AuthorizationResourceTypeMismatch";
    public const string NoAuthenticationInformation = "NoAuthenticationInformation";
    public const string BlobAlreadyExists = "BlobAlreadyExists";
    public const string BlobNotFound = "BlobNotFound";
    public const string ConditionNotMet = "ConditionNotMet";
    public const string ContainerNotFound = "ContainerNotFound";
    public const string InvalidBlobOrBlock = "InvalidBlobOrBlock";
    public const string InvalidBlockId = "InvalidBlockId";
    public const string InvalidBlockList = "InvalidBlockList";
    public const string InvalidHeaderValue = "InvalidHeaderValue";
    public const string InvalidMetadata = "InvalidMetadata";
    public const string InvalidQueryParameterValue = "InvalidQueryParameterValue";
    public const string InvalidRange = "InvalidRange";
    public const string InvalidResourceName = "InvalidResourceName";
    public const string InvalidUri = "InvalidUri";
    public const string InvalidXmlDocument = "InvalidXmlDocument";
    public const string Md5Mismatch = "Md5Mismatch";
    public const string PathConflict = "PathConflict";
    public const string RequestBodyTooLarge = "RequestBodyTooLarge";
    public const string UnsupportedHttpVerb = "UnsupportedHttpVerb";
    public const string FeatureNotSupported = "FeatureNotSupported";
    public const string InternalError = "InternalError";
}
