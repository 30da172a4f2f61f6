namespace Meridian.Region.ControlPlane.Resources;

/// <summary>The account a request works in, with names as they were created.</summary>
public sealed record AccountScope(string Subscription, string ResourceGroup, string Account)
{
    /// <summary>Metadata scope of the account's own resources: <c>{sub}/{rg}/{account}</c>, lower-case.</summary>
    public string Scope => $"{Subscription}/{ResourceGroup}/{Account}".ToLowerInvariant();

    /// <summary>Metadata scope accounts live in: <c>{sub}/{rg}</c>, lower-case.</summary>
    public string ParentScope => $"{Subscription}/{ResourceGroup}".ToLowerInvariant();

    /// <summary>The account's ARM id; ids use <c>mediaservices</c> in lower case, as AMS returns them.</summary>
    public string Id => $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Media/mediaservices/{Account}";

    /// <summary>The Event Grid topic of the account.</summary>
    public string Topic => Id;
}
