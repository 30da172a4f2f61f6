using System.Text.RegularExpressions;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.Resources;

/// <summary>Name rules of Media Services resources. Every name is checked before it touches storage.</summary>
public static partial class NameRules
{
    /// <summary>
    /// Media Services v3 resource names (assets, policies, locators, filters, transforms, jobs): at most 260 characters,
    /// none of <c>&lt; &gt; % &amp; : \ ? / * + . '</c>, no control characters, not blank.
    /// </summary>
    public static void Media(string name, string what)
    {
        Require(name, what, 260);
        foreach (var c in name)
        {
            if (char.IsControl(c) || "<>%&:\\?/*+.'#\"".Contains(c, StringComparison.Ordinal))
            {
                throw Invalid(name, what, $"it contains '{(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())}'. " +
                    "Names cannot contain < > % & : \\ ? / * + . ' # \" or control characters");
            }
        }

        if (name.Trim().Length != name.Length)
        {
            throw Invalid(name, what, "it starts or ends with white space");
        }
    }

    /// <summary>Account names: 3-24 lower-case letters and digits.</summary>
    public static void Account(string name)
    {
        if (!AccountPattern().IsMatch(name))
        {
            throw Invalid(name, "account", "account names are 3 to 24 lower-case letters and digits");
        }
    }

    /// <summary>Streaming endpoint names: at most 24, <c>^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$</c>.</summary>
    public static void StreamingEndpoint(string name)
    {
        if (name.Length > 24 || !EndpointPattern().IsMatch(name))
        {
            throw Invalid(name, "streaming endpoint", "names are at most 24 letters, digits and inner hyphens");
        }
    }

    /// <summary>Resource group names: 1-90 letters, digits, <c>_ - . ( )</c>, not ending in a period.</summary>
    public static void ResourceGroup(string name)
    {
        if (name.Length is < 1 or > 90 || name.EndsWith('.') || !ResourceGroupPattern().IsMatch(name))
        {
            throw Invalid(name, "resource group", "names are 1 to 90 letters, digits, _ - . ( ) and do not end in a period");
        }
    }

    /// <summary>Subscription ids: 1-64 letters, digits and hyphens.</summary>
    public static void Subscription(string name)
    {
        if (!SubscriptionPattern().IsMatch(name))
        {
            throw Invalid(name, "subscription", "subscription ids are 1 to 64 letters, digits and hyphens");
        }
    }

    private static void Require(string name, string what, int max)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw Invalid(name, what, "it is empty");
        }

        if (name.Length > max)
        {
            throw Invalid(name.Length > 64 ? name[..64] + "…" : name, what, $"it is longer than {max} characters");
        }
    }

    private static ArmException Invalid(string name, string what, string why) =>
        new(400, "InvalidResourceName", $"The {what} name '{name}' is not valid: {why}.", name);

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountPattern();

    [GeneratedRegex("^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$")]
    private static partial Regex EndpointPattern();

    [GeneratedRegex(@"^[-\w._()]+$")]
    private static partial Regex ResourceGroupPattern();

    [GeneratedRegex("^[a-zA-Z0-9-]{1,64}$")]
    private static partial Regex SubscriptionPattern();
}
