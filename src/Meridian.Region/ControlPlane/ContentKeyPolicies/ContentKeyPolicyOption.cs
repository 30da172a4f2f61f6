namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>One way to deliver a key: what to deliver (<see cref="Configuration"/>) and to whom (<see cref="Restriction"/>).</summary>
public sealed record ContentKeyPolicyOption
{
    /// <summary>Read-only; kept across updates for the option with the same id or name.</summary>
    public Guid? PolicyOptionId { get; init; }

    public string? Name { get; init; }

    public ContentKeyPolicyConfiguration? Configuration { get; init; }

    public ContentKeyPolicyRestriction? Restriction { get; init; }
}
