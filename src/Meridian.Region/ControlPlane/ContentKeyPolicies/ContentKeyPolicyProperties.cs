namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary><c>Microsoft.Media/mediaservices/contentKeyPolicies</c> properties (2022-08-01).</summary>
public sealed record ContentKeyPolicyProperties
{
    /// <summary>Read-only; generated on create and kept for the policy's life.</summary>
    public Guid? PolicyId { get; init; }

    public DateTimeOffset? Created { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? Description { get; init; }

    /// <summary>Required, 1 to 30. Key delivery picks the first option whose restriction the request meets.</summary>
    public IReadOnlyList<ContentKeyPolicyOption>? Options { get; init; }

    /// <summary>
    /// The properties as responses show them: AMS always wrote a token restriction's <c>alternateVerificationKeys</c>
    /// and <c>requiredClaims</c>, empty when unused, and clients of its older SDKs iterate them without a null check.
    /// </summary>
    public ContentKeyPolicyProperties WithEmptyLists() => this with
    {
        Options = Options?.Select(o => o?.Restriction is ContentKeyPolicyTokenRestriction token
            ? o with { Restriction = token with { AlternateVerificationKeys = token.AlternateVerificationKeys ?? [], RequiredClaims = token.RequiredClaims ?? [] } }
            : o!).ToList(),
    };
}
