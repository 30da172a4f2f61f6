namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>AMS <c>StreamingLocatorContentKeyType</c>: the encryption scheme a locator's key serves.</summary>
public enum StreamingLocatorContentKeyType
{
    EnvelopeEncryption,
    CommonEncryptionCenc,
    CommonEncryptionCbcs,
}
