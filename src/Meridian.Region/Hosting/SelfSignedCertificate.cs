using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Meridian.Region.Hosting;

/// <summary>
/// The control plane's HTTPS certificate: self-signed, made on first start and kept in <c>{data}/certs</c>. ARM SDKs
/// refuse bearer tokens over plain HTTP, so the control plane needs TLS even on loopback. Clients trust it through
/// <c>controlplane.crt</c> (PEM), e.g. <c>NODE_EXTRA_CA_CERTS</c>.
/// </summary>
public static class SelfSignedCertificate
{
    public const string PfxName = "controlplane.pfx";
    public const string PemName = "controlplane.crt";

    /// <summary>Loads the stored certificate if it covers every host in <paramref name="hosts"/>; otherwise makes a new one.</summary>
    public static X509Certificate2 LoadOrCreate(string directory, IReadOnlyCollection<string> hosts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(directory);
        var pfxPath = Path.Combine(directory, PfxName);
        var pemPath = Path.Combine(directory, PemName);
        var now = time.GetUtcNow();
        if (File.Exists(pfxPath))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(pfxPath, password: null, X509KeyStorageFlags.Exportable);
            if (existing.NotAfter > now.UtcDateTime.AddDays(7) && hosts.All(h => Covers(existing, h)))
            {
                if (!File.Exists(pemPath))
                {
                    File.WriteAllText(pemPath, existing.ExportCertificatePem());
                }

                return existing;
            }

            existing.Dispose();
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Meridian control plane", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        foreach (var host in hosts.Append("127.0.0.1").Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        var pfx = created.Export(X509ContentType.Pfx);
        WriteAtomically(pfxPath, pfx);
        WriteAtomically(pemPath, System.Text.Encoding.ASCII.GetBytes(created.ExportCertificatePem()));
        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.Exportable);
    }

    private static bool Covers(X509Certificate2 certificate, string host)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                if (IPAddress.TryParse(host, out var ip))
                {
                    return san.EnumerateIPAddresses().Any(a => a.Equals(ip));
                }

                return san.EnumerateDnsNames().Any(n => string.Equals(n, host, StringComparison.OrdinalIgnoreCase));
            }
        }

        return false;
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
