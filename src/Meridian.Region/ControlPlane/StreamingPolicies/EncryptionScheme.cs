namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>AMS <c>EncryptionScheme</c>: the four sections a streaming policy may have.</summary>
public enum EncryptionScheme
{
    NoEncryption,
    EnvelopeEncryption,
    CommonEncryptionCenc,
    CommonEncryptionCbcs,
}
