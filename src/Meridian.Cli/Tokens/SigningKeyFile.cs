using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Meridian.Region.ControlPlane.ContentKeyPolicies;

namespace Meridian.Cli.Tokens;

/// <summary>
/// Reads the private key of <c>--signing-key FILE</c>: PEM, RSA (<c>RSA PRIVATE KEY</c> or <c>PRIVATE KEY</c>) or EC
/// (<c>EC PRIVATE KEY</c> or <c>PRIVATE KEY</c>). A public key or certificate alone cannot sign, so it is refused.
/// </summary>
public static class SigningKeyFile
{
    /// <summary>The key in <paramref name="path"/>; the caller disposes it.</summary>
    /// <exception cref="CliException">The file is missing or holds no unencrypted RSA or EC private key.</exception>
    public static AsymmetricAlgorithm Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read --signing-key {path}: {e.Message}", e);
        }

        if (!pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal) || pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new CliException(
                $"--signing-key {path} holds no unencrypted private key: give the PEM private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY " +
                "or EC PRIVATE KEY) that matches the policy's public key.");
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }

        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return ecdsa;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ecdsa.Dispose();
            throw new CliException($"--signing-key {path} is neither an RSA nor an EC private key in PEM: {e.Message}", e);
        }
    }

    /// <summary>
    /// Whether <paramref name="key"/> is the private half of one of the restriction's RSA or X.509 verification keys, so
    /// that key delivery will accept what it signs. Null when that cannot be known here (keys from an OpenID Connect
    /// discovery document).
    /// </summary>
    public static bool? Matches(AsymmetricAlgorithm key, ContentKeyPolicyTokenRestriction restriction)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(restriction);
        if (!string.IsNullOrEmpty(restriction.OpenIdConnectDiscoveryDocument))
        {
            return null;
        }

        var ours = key.ExportSubjectPublicKeyInfo();
        IEnumerable<ContentKeyPolicyRestrictionTokenKey?> all = [restriction.PrimaryVerificationKey, .. restriction.AlternateVerificationKeys ?? []];
        return all.Any(k => PublicKeyInfo(k) is { } theirs && theirs.AsSpan().SequenceEqual(ours));
    }

    private static byte[]? PublicKeyInfo(ContentKeyPolicyRestrictionTokenKey? key)
    {
        try
        {
            switch (key)
            {
                case ContentKeyPolicyRsaTokenKey { Exponent: { Length: > 0 } e, Modulus: { Length: > 0 } n }:
                    using (var rsa = RSA.Create(new RSAParameters { Exponent = Convert.FromBase64String(e), Modulus = Convert.FromBase64String(n) }))
                    {
                        return rsa.ExportSubjectPublicKeyInfo();
                    }

                case ContentKeyPolicyX509CertificateTokenKey { RawBody: { Length: > 0 } raw }:
                    using (var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(raw)))
                    {
                        return certificate.PublicKey.ExportSubjectPublicKeyInfo();
                    }

                default:
                    return null;
            }
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
