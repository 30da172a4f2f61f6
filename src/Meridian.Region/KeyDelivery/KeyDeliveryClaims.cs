namespace Meridian.Region.KeyDelivery;

/// <summary>The claims AMS gave meaning to in restriction tokens.</summary>
public static class KeyDeliveryClaims
{
    /// <summary>The content key id a token is for. Required with no value in a policy: it must equal the requested key id.</summary>
    public const string ContentKeyIdentifier = "urn:microsoft:azure:mediaservices:contentkeyidentifier";

    /// <summary>How many times a token may be used (token replay prevention).</summary>
    public const string MaxUses = "urn:microsoft:azure:mediaservices:maxuses";
}
