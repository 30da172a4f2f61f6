namespace Meridian.Region.ControlPlane.StreamingEndpoints;

/// <summary>Silverlight and Flash cross-site policy documents (XML) served for Smooth Streaming players.</summary>
public sealed record CrossSiteAccessPolicies
{
    /// <summary><c>clientaccesspolicy.xml</c>, rooted at <c>access-policy</c>.</summary>
    public string? ClientAccessPolicy { get; init; }

    /// <summary><c>crossdomain.xml</c>, rooted at <c>cross-domain-policy</c>.</summary>
    public string? CrossDomainPolicy { get; init; }
}
