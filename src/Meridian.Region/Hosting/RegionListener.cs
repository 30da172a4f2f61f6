namespace Meridian.Region.Hosting;

/// <summary>One address a region listens on, and the role it serves there.</summary>
/// <param name="Role">What the listener serves.</param>
/// <param name="Url">Scheme, loopback or wildcard host, and port (0 picks a free port).</param>
public sealed record RegionListener(ListenerRole Role, Uri Url)
{
    /// <summary>Parses <c>role=url</c>, e.g. <c>controlplane=https://127.0.1.1:7443</c>.</summary>
    public static RegionListener Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new FormatException($"'{text}' is not role=url (roles: controlplane, streaming, keydelivery, blob).");
        }

        var roleText = text[..eq].Trim();
        if (!Enum.TryParse<ListenerRole>(roleText, ignoreCase: true, out var role) || int.TryParse(roleText, out _))
        {
            throw new FormatException($"Unknown listener role '{roleText}' (roles: controlplane, streaming, keydelivery, blob).");
        }

        if (!Uri.TryCreate(text[(eq + 1)..].Trim(), UriKind.Absolute, out var url) ||
            (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) ||
            url.AbsolutePath != "/")
        {
            throw new FormatException($"'{text[(eq + 1)..]}' is not an http(s)://host:port URL.");
        }

        if (url.Scheme == Uri.UriSchemeHttps && role != ListenerRole.ControlPlane)
        {
            throw new FormatException($"Only the control plane listens on HTTPS for now; '{roleText}' must use http.");
        }

        return new RegionListener(role, url);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Role.ToString().ToLowerInvariant()}={Url.GetLeftPart(UriPartial.Authority)}";
}
