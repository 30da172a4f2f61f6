using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Xml;
using Meridian.Region.ControlPlane.Arm;

namespace Meridian.Region.ControlPlane.ContentKeyPolicies;

/// <summary>
/// The rules a content key policy meets before it is stored. Key material is decoded and loaded here, so that key
/// delivery never meets a key it cannot use. Every refusal is a 400 whose target is the JSON path of the value.
/// </summary>
public static class ContentKeyPolicyValidator
{
    /// <summary>AMS allows at most 30 options per policy.</summary>
    public const int MaxOptions = 30;

    /// <summary>Shortest symmetric token key: 128 bits.</summary>
    public const int MinSymmetricKeyBytes = 16;

    private const int MaxText = 4096;
    private static readonly int[] UncompressedDigitalVideoOpls = [100, 250, 270, 300];
    private static readonly int[] CompressedDigitalVideoOpls = [400, 500];
    private static readonly int[] AnalogVideoOpls = [100, 150, 200];
    private static readonly int[] DigitalAudioOpls = [100, 150, 200, 250, 300];

    public static void Validate(ContentKeyPolicyProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (properties.Description is { Length: > MaxText })
        {
            throw Bad($"'description' is longer than {MaxText} characters.", "properties.description");
        }

        if (properties.Options is not { Count: > 0 } options)
        {
            throw Bad("A content key policy needs at least one option in 'options'.", "properties.options");
        }

        if (options.Count > MaxOptions)
        {
            throw Bad($"A content key policy has at most {MaxOptions} options; this one has {options.Count}.", "properties.options");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Count; i++)
        {
            var at = $"properties.options[{i}]";
            var option = options[i] ?? throw Bad($"'{at}' cannot be null.", at);
            if (option.Name is { } name)
            {
                Text(name, $"{at}.name", 256);
                if (!names.Add(name))
                {
                    throw Bad($"Two options are named '{name}'; option names must be unique within a policy.", $"{at}.name");
                }
            }

            Configuration(option.Configuration ?? throw Required($"{at}.configuration"), $"{at}.configuration");
            Restriction(option.Restriction ?? throw Required($"{at}.restriction"), $"{at}.restriction");
        }
    }

    private static void Configuration(ContentKeyPolicyConfiguration configuration, string at)
    {
        switch (configuration)
        {
            case ContentKeyPolicyWidevineConfiguration widevine:
                Widevine(widevine, at);
                break;
            case ContentKeyPolicyFairPlayConfiguration fairPlay:
                FairPlay(fairPlay, at);
                break;
            case ContentKeyPolicyPlayReadyConfiguration playReady:
                PlayReady(playReady, at);
                break;
            case ContentKeyPolicyUnknownConfiguration:
                throw Bad(UnknownType("ContentKeyPolicyUnknownConfiguration", "configuration"), $"{at}.@odata.type");
            default:
                // A clear key configuration has no settings.
                break;
        }
    }

    private static void Widevine(ContentKeyPolicyWidevineConfiguration widevine, string at)
    {
        var template = widevine.WidevineTemplate ?? throw Required($"{at}.widevineTemplate");
        try
        {
            using var document = JsonDocument.Parse(template);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Bad("'widevineTemplate' must be a JSON object written as a string, e.g. \"{\\\"allowed_track_types\\\":\\\"SD_HD\\\"}\".",
                    $"{at}.widevineTemplate");
            }
        }
        catch (JsonException ex)
        {
            throw Bad($"'widevineTemplate' is not valid JSON: {ex.Message}", $"{at}.widevineTemplate");
        }
    }

    private static void FairPlay(ContentKeyPolicyFairPlayConfiguration fairPlay, string at)
    {
        var ask = Base64(Secret(fairPlay.Ask, $"{at}.ask"), $"{at}.ask");
        if (ask.Length != 16)
        {
            throw Bad($"'ask' (the FairPlay Application Secret Key) must be 16 bytes; it is {ask.Length}.", $"{at}.ask");
        }

        var pfx = Base64(Secret(fairPlay.FairPlayPfx, $"{at}.fairPlayPfx"), $"{at}.fairPlayPfx");
        // A PFX may be exported without a password, so an empty one is taken when the PFX opens with it; when it does not,
        // the empty value is most likely a blanked secret sent back, and the error says so.
        var password = fairPlay.FairPlayPfxPassword ?? throw Required($"{at}.fairPlayPfxPassword");
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12(pfx, password, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                throw Bad("'fairPlayPfx' must hold the FairPlay certificate with its private key.", $"{at}.fairPlayPfx");
            }
        }
        catch (CryptographicException ex)
        {
            throw password.Length == 0
                ? BlankedSecret($"{at}.fairPlayPfxPassword")
                : Bad($"'fairPlayPfx' is not a PKCS #12 file that opens with 'fairPlayPfxPassword': {ex.Message}", $"{at}.fairPlayPfx");
        }

        var keyType = fairPlay.RentalAndLeaseKeyType ?? throw Required($"{at}.rentalAndLeaseKeyType");
        if (keyType == ContentKeyPolicyFairPlayRentalAndLeaseKeyType.Unknown)
        {
            throw Bad("'rentalAndLeaseKeyType' must be Undefined, DualExpiry, PersistentUnlimited or PersistentLimited.", $"{at}.rentalAndLeaseKeyType");
        }

        if ((fairPlay.RentalDuration ?? throw Required($"{at}.rentalDuration")) < 0)
        {
            throw Bad("'rentalDuration' is in seconds and cannot be negative.", $"{at}.rentalDuration");
        }

        var offline = fairPlay.OfflineRentalConfiguration;
        if (keyType == ContentKeyPolicyFairPlayRentalAndLeaseKeyType.DualExpiry)
        {
            if (offline is null)
            {
                throw Bad("A DualExpiry FairPlay key needs 'offlineRentalConfiguration'.", $"{at}.offlineRentalConfiguration");
            }

            Positive(offline.PlaybackDurationSeconds, $"{at}.offlineRentalConfiguration.playbackDurationSeconds");
            Positive(offline.StorageDurationSeconds, $"{at}.offlineRentalConfiguration.storageDurationSeconds");
        }
        else if (offline is not null)
        {
            throw Bad("'offlineRentalConfiguration' only applies when 'rentalAndLeaseKeyType' is DualExpiry.", $"{at}.offlineRentalConfiguration");
        }
    }

    private static void PlayReady(ContentKeyPolicyPlayReadyConfiguration playReady, string at)
    {
        if (playReady.Licenses is not { Count: > 0 } licenses)
        {
            throw Bad("A PlayReady configuration needs at least one license in 'licenses'.", $"{at}.licenses");
        }

        for (var i = 0; i < licenses.Count; i++)
        {
            var where = $"{at}.licenses[{i}]";
            var license = licenses[i] ?? throw Bad($"'{where}' cannot be null.", where);
            if ((license.LicenseType ?? throw Required($"{where}.licenseType")) == ContentKeyPolicyPlayReadyLicenseType.Unknown)
            {
                throw Bad("'licenseType' must be NonPersistent or Persistent.", $"{where}.licenseType");
            }

            if ((license.ContentType ?? throw Required($"{where}.contentType")) == ContentKeyPolicyPlayReadyContentType.Unknown)
            {
                throw Bad("'contentType' must be Unspecified, UltraVioletDownload or UltraVioletStreaming.", $"{where}.contentType");
            }

            switch (license.ContentKeyLocation ?? throw Required($"{where}.contentKeyLocation"))
            {
                case ContentKeyPolicyPlayReadyContentEncryptionKeyFromKeyIdentifier fixedKey when fixedKey.KeyId is null || fixedKey.KeyId == Guid.Empty:
                    throw Bad("A key location from a key identifier needs a non-empty 'keyId' (a GUID).", $"{where}.contentKeyLocation.keyId");
                default:
                    break;
            }

            if (license.BeginDate is not null && license.RelativeBeginDate is not null)
            {
                throw Bad("Set 'beginDate' or 'relativeBeginDate', not both.", $"{where}.relativeBeginDate");
            }

            if (license.ExpirationDate is not null && license.RelativeExpirationDate is not null)
            {
                throw Bad("Set 'expirationDate' or 'relativeExpirationDate', not both.", $"{where}.relativeExpirationDate");
            }

            if (license.BeginDate is { } begin && license.ExpirationDate is { } end && end <= begin)
            {
                throw Bad("'expirationDate' must be later than 'beginDate'.", $"{where}.expirationDate");
            }

            Duration(license.RelativeBeginDate, $"{where}.relativeBeginDate");
            Duration(license.RelativeExpirationDate, $"{where}.relativeExpirationDate");
            Duration(license.GracePeriod, $"{where}.gracePeriod");
            if (license.PlayRight is { } right)
            {
                PlayRight(right, $"{where}.playRight");
            }
        }
    }

    private static void PlayRight(ContentKeyPolicyPlayReadyPlayRight right, string at)
    {
        Duration(right.FirstPlayExpiration, $"{at}.firstPlayExpiration");
        Range(right.ScmsRestriction, 0, 3, $"{at}.scmsRestriction");
        Range(right.AgcAndColorStripeRestriction, 0, 3, $"{at}.agcAndColorStripeRestriction");
        if (right.ExplicitAnalogTelevisionOutputRestriction is { } analog)
        {
            var target = $"{at}.explicitAnalogTelevisionOutputRestriction.configurationData";
            Range(analog.ConfigurationData ?? throw Required(target), 0, 3, target);
        }

        var passing = right.AllowPassingVideoContentToUnknownOutput ?? throw Required($"{at}.allowPassingVideoContentToUnknownOutput");
        if (passing == ContentKeyPolicyPlayReadyUnknownOutputPassingOption.Unknown)
        {
            throw Bad("'allowPassingVideoContentToUnknownOutput' must be NotAllowed, Allowed or AllowedWithVideoConstriction.",
                $"{at}.allowPassingVideoContentToUnknownOutput");
        }

        OneOf(right.UncompressedDigitalVideoOpl, UncompressedDigitalVideoOpls, $"{at}.uncompressedDigitalVideoOpl");
        OneOf(right.CompressedDigitalVideoOpl, CompressedDigitalVideoOpls, $"{at}.compressedDigitalVideoOpl");
        OneOf(right.AnalogVideoOpl, AnalogVideoOpls, $"{at}.analogVideoOpl");
        OneOf(right.CompressedDigitalAudioOpl, DigitalAudioOpls, $"{at}.compressedDigitalAudioOpl");
        OneOf(right.UncompressedDigitalAudioOpl, DigitalAudioOpls, $"{at}.uncompressedDigitalAudioOpl");
    }

    // AMS answered with the Unknown types for what an older api-version could not show; they were never a thing to send.
    private static string UnknownType(string type, string what) =>
        $"'#Microsoft.Media.{type}' stands for a {what} this api-version cannot show; send a concrete {what} type.";

    private static void Restriction(ContentKeyPolicyRestriction restriction, string at)
    {
        if (restriction is ContentKeyPolicyUnknownRestriction)
        {
            throw Bad(UnknownType("ContentKeyPolicyUnknownRestriction", "restriction"), $"{at}.@odata.type");
        }

        if (restriction is not ContentKeyPolicyTokenRestriction token)
        {
            return;
        }

        Text(token.Issuer ?? throw Required($"{at}.issuer"), $"{at}.issuer", 2048);
        Text(token.Audience ?? throw Required($"{at}.audience"), $"{at}.audience", 2048);
        var type = token.RestrictionTokenType ?? throw Required($"{at}.restrictionTokenType");
        if (type == ContentKeyPolicyRestrictionTokenType.Unknown)
        {
            throw Bad("'restrictionTokenType' must be Jwt or Swt.", $"{at}.restrictionTokenType");
        }

        if (token.OpenIdConnectDiscoveryDocument is { } discovery)
        {
            if (!Uri.TryCreate(discovery, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw Bad("'openIdConnectDiscoveryDocument' must be an absolute http(s) URL.", $"{at}.openIdConnectDiscoveryDocument");
            }

            if (type == ContentKeyPolicyRestrictionTokenType.Swt)
            {
                throw Bad("An OpenID Connect discovery document publishes keys for JWTs; use 'restrictionTokenType' Jwt.",
                    $"{at}.openIdConnectDiscoveryDocument");
            }
        }
        else if (token.PrimaryVerificationKey is null)
        {
            throw Bad("A token restriction needs 'primaryVerificationKey' unless it names an 'openIdConnectDiscoveryDocument'.",
                $"{at}.primaryVerificationKey");
        }

        if (token.PrimaryVerificationKey is { } primary)
        {
            TokenKey(primary, type, $"{at}.primaryVerificationKey");
        }

        var alternates = token.AlternateVerificationKeys ?? [];
        for (var i = 0; i < alternates.Count; i++)
        {
            TokenKey(alternates[i] ?? throw Bad($"'{at}.alternateVerificationKeys[{i}]' cannot be null.", $"{at}.alternateVerificationKeys[{i}]"),
                type, $"{at}.alternateVerificationKeys[{i}]");
        }

        var claims = token.RequiredClaims ?? [];
        for (var i = 0; i < claims.Count; i++)
        {
            var claim = claims[i] ?? throw Bad($"'{at}.requiredClaims[{i}]' cannot be null.", $"{at}.requiredClaims[{i}]");
            Text(claim.ClaimType ?? throw Required($"{at}.requiredClaims[{i}].claimType"), $"{at}.requiredClaims[{i}].claimType", 1024);
        }
    }

    private static void TokenKey(ContentKeyPolicyRestrictionTokenKey key, ContentKeyPolicyRestrictionTokenType type, string at)
    {
        if (type == ContentKeyPolicyRestrictionTokenType.Swt && key is not ContentKeyPolicySymmetricTokenKey)
        {
            throw Bad("Simple Web Tokens are signed with HMAC; their verification keys must be symmetric keys.", at);
        }

        switch (key)
        {
            case ContentKeyPolicySymmetricTokenKey symmetric:
                var value = Base64(Secret(symmetric.KeyValue, $"{at}.keyValue"), $"{at}.keyValue");
                if (value.Length < MinSymmetricKeyBytes)
                {
                    throw Bad($"'keyValue' is {value.Length} bytes; a symmetric token key needs at least {MinSymmetricKeyBytes}.", $"{at}.keyValue");
                }

                break;
            case ContentKeyPolicyRsaTokenKey rsa:
                RsaKey(rsa, at);
                break;
            case ContentKeyPolicyX509CertificateTokenKey x509:
                var raw = Base64(Secret(x509.RawBody, $"{at}.rawBody"), $"{at}.rawBody");
                try
                {
                    using var certificate = X509CertificateLoader.LoadCertificate(raw);
                }
                catch (CryptographicException ex)
                {
                    throw Bad($"'rawBody' is not an X.509 certificate (base64 of its DER bytes): {ex.Message}", $"{at}.rawBody");
                }

                break;
            default:
                break;
        }
    }

    private static void RsaKey(ContentKeyPolicyRsaTokenKey rsa, string at)
    {
        var exponent = Base64(Secret(rsa.Exponent, $"{at}.exponent"), $"{at}.exponent");
        var modulus = Base64(Secret(rsa.Modulus, $"{at}.modulus"), $"{at}.modulus");
        var bits = modulus.AsSpan().TrimStart((byte)0).Length * 8;
        if (bits is < 1024 or > 16384)
        {
            throw Bad($"'modulus' is a {bits}-bit RSA modulus; use 1024 to 16384 bits (2048 or more is recommended).", $"{at}.modulus");
        }

        if (exponent.AsSpan().TrimStart((byte)0).Length is 0 or > 8)
        {
            throw Bad("'exponent' is not a usable RSA public exponent (e.g. AQAB for 65537).", $"{at}.exponent");
        }

        try
        {
            using var key = RSA.Create();
            key.ImportParameters(new RSAParameters { Exponent = exponent, Modulus = modulus });
        }
        catch (CryptographicException ex)
        {
            throw Bad($"'exponent' and 'modulus' do not form an RSA public key: {ex.Message}", $"{at}.modulus");
        }
    }

    private static string Secret(string? value, string target)
    {
        if (value is null)
        {
            throw Required(target);
        }

        return value.Length == 0 ? throw BlankedSecret(target) : value;
    }

    private static ArmException BlankedSecret(string target) =>
        Bad($"'{target}' is empty. Responses blank secrets, so send the full value when you replace a policy " +
            "(POST .../getPolicyPropertiesWithSecrets returns it); a PATCH keeps the stored secret of an option with the same name.", target);

    private static byte[] Base64(string value, string target)
    {
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw Bad($"'{target}' is not valid base64.", target);
        }
    }

    private static void Duration(string? value, string target)
    {
        if (value is null)
        {
            return;
        }

        TimeSpan span;
        try
        {
            span = XmlConvert.ToTimeSpan(value);
        }
        catch (FormatException)
        {
            throw Bad($"'{target}' is '{value}', which is not an ISO 8601 duration such as PT1H or P1DT12H.", target);
        }

        if (span < TimeSpan.Zero)
        {
            throw Bad($"'{target}' cannot be negative.", target);
        }
    }

    private static void Text(string value, string target, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Bad($"'{target}' cannot be empty.", target);
        }

        if (value.Length > max)
        {
            throw Bad($"'{target}' is longer than {max} characters.", target);
        }

        if (value.Any(char.IsControl))
        {
            throw Bad($"'{target}' contains control characters.", target);
        }
    }

    private static void Range(int? value, int min, int max, string target)
    {
        if (value is { } v && (v < min || v > max))
        {
            throw Bad($"'{target}' is {v}; it must be {min} to {max}.", target);
        }
    }

    private static void OneOf(int? value, int[] allowed, string target)
    {
        if (value is { } v && !allowed.Contains(v))
        {
            throw Bad($"'{target}' is {v}; PlayReady allows {string.Join(", ", allowed)}.", target);
        }
    }

    private static void Positive(long? value, string target)
    {
        if ((value ?? throw Required(target)) <= 0)
        {
            throw Bad($"'{target}' must be a positive number of seconds.", target);
        }
    }

    private static ArmException Required(string target) => Bad($"'{target}' is required.", target);

    private static ArmException Bad(string message, string target) => ArmException.BadRequest(message, target);
}
