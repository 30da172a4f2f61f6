using Meridian.Region.ControlPlane.Accounts;
using Meridian.Region.ControlPlane.ContentKeyPolicies;
using Meridian.Region.ControlPlane.StreamingLocators;

namespace Meridian.Region.KeyDelivery;

/// <summary>A content key found for a request, with the policy that governs it (read from the store for this request).</summary>
/// <param name="KeyId">The requested key id.</param>
/// <param name="Value">The 16 key bytes.</param>
/// <param name="Type">The encryption the key is for.</param>
/// <param name="LocatorId">The <c>streamingLocatorId</c> of the locator the key was taken from.</param>
/// <param name="PolicyName">The content key policy's name.</param>
/// <param name="Policy">The content key policy, with its secrets.</param>
public sealed record ResolvedContentKey(
    Guid KeyId,
    byte[] Value,
    StreamingLocatorContentKeyType? Type,
    Guid LocatorId,
    string PolicyName,
    ContentKeyPolicyProperties Policy)
{
    /// <summary>Who may ask the key's account for keys at all (<c>properties.keyDelivery.accessControl</c>).</summary>
    public KeyDeliveryAccessControl AccessControl { get; init; } = KeyDeliveryAccessControl.AllowAll;
}
