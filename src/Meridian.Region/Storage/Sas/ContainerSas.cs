using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.Storage.Sas;

/// <summary>
/// Container-scoped shared access signatures (<c>sr=c</c>) over the region's storage keys.
/// <para>
/// The signature is HMAC-SHA256 (base64, <c>sig</c>) of a canonical string of Meridian's own design that covers every
/// field a token carries, one <c>name=value</c> per line under a version tag:
/// <code>
/// meridian-sas-2
/// account={storage account}
/// container={container}
/// owner={the asset holding the container when the token was issued; see IContainerOwners}
/// sr={resource}
/// sp={permissions}
/// st={start, or empty}
/// se={expiry}
/// sv={version}
/// </code>
/// Values are signed exactly as they appear in the URL (after percent-decoding), and no signed value may contain a
/// control character, so no two different tokens share a string to sign. Both keys are tried, in fixed time.
/// Times are written as <c>yyyy-MM-ddTHH:mm:ssZ</c>, the form the Azure SDK writes back when it rebuilds a URL.
/// </para>
/// </summary>
public sealed class ContainerSas(StorageKeys keys, IBlobStore blobs)
{
    /// <summary>The <c>sv</c> Meridian issues: the storage service version the endpoint answers as.</summary>
    public const string Version = "2025-01-05";

    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ssZ";

    /// <summary>Query parameters of SAS features Meridian does not sign or enforce; a token carrying one is refused.</summary>
    private static readonly string[] Unsupported =
    [
        "si", "sip", "spr", "ss", "srt", "sdd", "ses", "skoid", "sktid", "skt", "ske", "sks", "skv", "saoid", "suoid", "scid",
        "rscc", "rscd", "rsce", "rscl", "rsct", "sduoid", "skdutid",
    ];

    /// <summary>
    /// The query string (without '?') of a SAS for <paramref name="container"/>, signed with key <paramref name="keyIndex"/>.
    /// Times are truncated to whole seconds.
    /// </summary>
    public string Create(string container, string owner, SasPermissions permissions, DateTimeOffset expiry, int keyIndex, DateTimeOffset? start = null)
    {
        BlobNames.RequireContainer(container);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var sp = SasPermissionsText.Format(permissions);
        var st = start is { } s ? s.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture) : "";
        var se = expiry.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);
        var sig = Convert.ToBase64String(keys.Sign(keyIndex, StringToSign(container, owner, "c", sp, st, se, Version)));
        var query = new StringBuilder();
        query.Append("sv=").Append(Uri.EscapeDataString(Version));
        if (st.Length > 0)
        {
            query.Append("&st=").Append(Uri.EscapeDataString(st));
        }

        query.Append("&se=").Append(Uri.EscapeDataString(se))
            .Append("&sr=c&sp=").Append(Uri.EscapeDataString(sp))
            .Append("&sig=").Append(Uri.EscapeDataString(sig));
        return query.ToString();
    }

    /// <summary>
    /// Checks the SAS in <paramref name="query"/> for a request on <paramref name="container"/>, held now by
    /// <paramref name="owner"/> (null when nothing holds it), at <paramref name="now"/>, and returns what it grants.
    /// Throws 401 <c>NoAuthenticationInformation</c> without a signature, and 403 <c>AuthenticationFailed</c> for a
    /// malformed, forged, altered, other-container, other-holder, not-yet-valid or expired one.
    /// </summary>
    public SasPermissions Verify(IQueryCollection query, string container, string? owner, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!query.ContainsKey("sig"))
        {
            throw new BlobStorageException(401, BlobErrorCodes.NoAuthenticationInformation,
                "Server failed to authenticate the request: the request has no shared access signature.");
        }

        foreach (var name in Unsupported)
        {
            if (query.ContainsKey(name))
            {
                throw Failed($"The SAS parameter '{name}' is not supported by this server.");
            }
        }

        var sv = Single(query, "sv", required: true)!;
        var sr = Single(query, "sr", required: true)!;
        var sp = Single(query, "sp", required: true)!;
        var st = Single(query, "st", required: false) ?? "";
        var se = Single(query, "se", required: true)!;
        var sig = Single(query, "sig", required: true)!;

        Span<byte> presented = stackalloc byte[32];
        if (!Convert.TryFromBase64String(sig, presented, out var written) || written != presented.Length)
        {
            throw SignatureMismatch();
        }

        if (owner is null)
        {
            // The asset it was issued for is gone, and no other holds the name.
            throw SignatureMismatch();
        }

        var toSign = StringToSign(container, owner, sr, sp, st, se, sv);
        var match = false;
        for (var i = 0; i < StorageKeys.Count; i++)
        {
            match |= CryptographicOperations.FixedTimeEquals(keys.Sign(i, toSign), presented);
        }

        if (!match)
        {
            throw SignatureMismatch();
        }

        if (sr != "c")
        {
            throw Failed("Only container SAS (sr=c) is supported.");
        }

        var expiry = ParseTime(se, "se");
        if (now >= expiry)
        {
            throw Failed($"Signed expiry time [{se}] must be after the current time.");
        }

        if (st.Length > 0 && now < ParseTime(st, "st"))
        {
            throw Failed($"Signed start time [{st}] is after the current time.");
        }

        return SasPermissionsText.Parse(sp);
    }

    private byte[] StringToSign(string container, string owner, string sr, string sp, string st, string se, string sv)
    {
        foreach (var value in new[] { sr, sp, st, se, sv })
        {
            if (value.Any(char.IsControl))
            {
                throw Failed("A SAS parameter contains a control character.");
            }
        }

        var text = $"meridian-sas-2\naccount={blobs.AccountName}\ncontainer={container}\nowner={owner}\nsr={sr}\nsp={sp}\nst={st}\nse={se}\nsv={sv}";
        return Encoding.UTF8.GetBytes(text);
    }

    private static string? Single(IQueryCollection query, string name, bool required)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return required ? throw Failed($"The SAS parameter '{name}' is missing.") : null;
        }

        return values.Count == 1 && values[0] is { } value ? value : throw Failed($"The SAS parameter '{name}' must appear once.");
    }

    private static DateTimeOffset ParseTime(string text, string name) =>
        DateTimeOffset.TryParseExact(text, [TimeFormat, "yyyy-MM-ddTHH:mm:ss.fffffffZ", "yyyy-MM-ddTHH:mmZ", "yyyy-MM-dd"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw Failed($"The SAS parameter '{name}' is not a valid UTC time.");

    private static BlobStorageException SignatureMismatch() =>
        Failed("Signature did not match. The signature, or a signed field (sp, st, se, sr, sv, or the container), was altered.");

    private static BlobStorageException Failed(string detail) => new(403, BlobErrorCodes.AuthenticationFailed,
        $"Server failed to authenticate the request. Make sure the value of the Authorization header is formed correctly including the signature. {detail}");
}
