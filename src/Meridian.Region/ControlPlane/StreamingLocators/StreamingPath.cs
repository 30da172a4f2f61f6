using Meridian.Region.ControlPlane.StreamingPolicies;

namespace Meridian.Region.ControlPlane.StreamingLocators;

/// <summary>The host-relative manifest paths of one protocol and encryption scheme.</summary>
public sealed record StreamingPath(StreamingProtocol StreamingProtocol, EncryptionScheme EncryptionScheme, IReadOnlyList<string> Paths);
