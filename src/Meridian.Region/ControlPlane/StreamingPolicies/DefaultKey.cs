namespace Meridian.Region.ControlPlane.StreamingPolicies;

/// <summary>The key of a scheme for tracks no key-to-track mapping names.</summary>
public sealed record DefaultKey
{
    /// <summary>What locators name in <c>labelReferenceInStreamingPolicy</c>.</summary>
    public string? Label { get; init; }

    /// <summary>The content key policy of this key; overrides the locator's and the policy's default.</summary>
    public string? PolicyName { get; init; }
}
