using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Meridian.Cli.Client;
using Meridian.Cli.Stack;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.ContentKeyPolicies;
using Meridian.Region.KeyDelivery;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Tokens;

/// <summary>
/// <c>meridian token LOCATOR</c>: a test JWT that key delivery accepts for one of the locator's content keys, minted with
/// the key policy's own secret (read with <c>getPolicyPropertiesWithSecrets</c>). Only the token goes to standard output,
/// so <c>$(meridian token l1)</c> works; its expiry and the key URL go to standard error. Production tokens come from the
/// customer's token service; this is for demos and tests.
/// </summary>
public sealed class TokenCommand(Terminal terminal, TimeProvider time) : ApiCommand<TokenCommand.Settings>(terminal)
{
    /// <summary>Key delivery refuses <c>maxuses</c> tokens that live longer than this (AMS's limit, the region's default).</summary>
    public static readonly TimeSpan MaxUsesLifetime = TimeSpan.FromHours(1);

    private static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(3650);

    public sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<LOCATOR>")]
        [Description("Streaming locator whose content key the token unlocks")]
        public string Locator { get; init; } = "";

        [CommandOption("--expires <DURATION>")]
        [Description("Token lifetime: 30m, 1h, 2d, 90s or ISO 8601 (PT1H). Default: 1h")]
        public string Expires { get; init; } = "1h";

        [CommandOption("--max-uses <N>")]
        [Description("Key deliveries the token allows (urn:microsoft:azure:mediaservices:maxuses); needs --expires of at most 1h")]
        public int? MaxUses { get; init; }

        [CommandOption("--key-id <GUID>")]
        [Description("Which of the locator's content keys. Default: the first whose policy has a token restriction")]
        public string? KeyId { get; init; }

        [CommandOption("--signing-key <FILE>")]
        [Description("PEM private key, for policies that verify with an RSA or X.509 public key")]
        public string? SigningKey { get; init; }

        [CommandOption("--verbose")]
        [Description("Also print the token's claims on standard error")]
        public bool Verbose { get; init; }

        /// <summary>The parsed <see cref="Expires"/>, once <see cref="Validate"/> has passed.</summary>
        public TimeSpan Lifetime => Durations.TryParse(Expires) ?? TimeSpan.FromHours(1);

        public override ValidationResult Validate()
        {
            // A JWT counts whole seconds, so a shorter lifetime would give exp == iat: a token expired when minted.
            if (Durations.TryParse(Expires) is not { } lifetime || lifetime < MinLifetime || lifetime > MaxLifetime)
            {
                return ValidationResult.Error(
                    $"--expires '{Expires}' must be a duration from 1 second to {MaxLifetime.TotalDays:0} days, e.g. 30m, 1h, 2d or PT1H.");
            }

            if (MaxUses is <= 0)
            {
                return ValidationResult.Error("--max-uses must be at least 1.");
            }

            if (MaxUses is not null && lifetime > MaxUsesLifetime)
            {
                return ValidationResult.Error("--max-uses needs --expires of at most 1h: key delivery refuses longer-lived max-uses tokens.");
            }

            if (KeyId is not null && !Guid.TryParse(KeyId, out _))
            {
                return ValidationResult.Error($"--key-id '{KeyId}' is not a GUID.");
            }

            if (SigningKey is not null && !File.Exists(SigningKey))
            {
                return ValidationResult.Error($"--signing-key {SigningKey}: no such file.");
            }

            return ValidationResult.Success();
        }
    }

    protected override async Task<int> RunAsync(ControlPlaneClient client, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var locator = settings.Locator;
        var listed = await client.PostAsync($"streamingLocators/{ControlPlaneClient.Segment(locator)}/listContentKeys", null, cancellationToken);
        var keys = (listed.RequiredBody["contentKeys"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(k => (Id: Guid.TryParse(Text(k, "id"), out var id) ? id : Guid.Empty, Type: Text(k, "type"), Policy: Text(k, "policyName")))
            .Where(k => k.Id != Guid.Empty)
            .ToList();
        if (keys.Count == 0)
        {
            return Terminal.Fail($"locator {locator} has no content keys: its streaming policy does not encrypt, so playback needs no token.");
        }

        if (settings.KeyId is not null)
        {
            var wanted = Guid.Parse(settings.KeyId);
            keys = keys.Where(k => k.Id == wanted).ToList();
            if (keys.Count == 0)
            {
                return Terminal.Fail($"locator {locator} has no content key {wanted:D}; `meridian locator keys {locator}` lists its keys.");
            }
        }

        var policies = new Dictionary<string, ContentKeyPolicyProperties>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            if (key.Policy is null)
            {
                continue;
            }

            if (!policies.TryGetValue(key.Policy, out var policy))
            {
                policy = await ReadPolicyAsync(client, key.Policy, cancellationToken);
                policies[key.Policy] = policy;
            }

            if (TokenMinter.FindRestriction(policy) is { } restriction)
            {
                return await MintAsync(settings, key.Id, key.Type, key.Policy, restriction);
            }
        }

        var names = string.Join(", ", keys.Select(k => k.Policy).Distinct(StringComparer.OrdinalIgnoreCase).Select(p => p ?? "(none)"));
        return Terminal.Fail(
            $"no token needed: the content key policy of locator {locator}{(settings.KeyId is null ? "" : $" key {settings.KeyId}")} " +
            $"({names}) has no token-restricted ClearKey option, so key delivery hands its keys out without a token.");
    }

    private async Task<int> MintAsync(Settings settings, Guid keyId, string? keyType, string policyName, ContentKeyPolicyTokenRestriction restriction)
    {
        if (restriction.RestrictionTokenType == ContentKeyPolicyRestrictionTokenType.Swt)
        {
            return Terminal.Fail($"content key policy {policyName} takes Simple Web Tokens (SWT); meridian token mints only JWTs.");
        }

        var symmetric = restriction.PrimaryVerificationKey is ContentKeyPolicySymmetricTokenKey { KeyValue.Length: > 0 };
        if (!symmetric && settings.SigningKey is null)
        {
            var kind = restriction.PrimaryVerificationKey switch
            {
                ContentKeyPolicyRsaTokenKey => "an RSA public key",
                ContentKeyPolicyX509CertificateTokenKey => "an X.509 certificate",
                _ => "no usable key",
            };
            return Terminal.Fail(
                $"content key policy {policyName} verifies tokens with {kind}, whose private key the service does not hold: " +
                "give it with --signing-key FILE (PEM).");
        }

        using var algorithm = settings.SigningKey is { } path ? SigningKeyFile.Load(path) : null;
        if (algorithm is not null && SigningKeyFile.Matches(algorithm, restriction) == false)
        {
            return Terminal.Fail(
                $"--signing-key {settings.SigningKey} is not the private key of any RSA or X.509 verification key of content key " +
                $"policy {policyName}, so key delivery would refuse the token" + (symmetric ? " (the policy signs with its own symmetric key: drop --signing-key)." : "."));
        }

        SecurityKey? signingKey = algorithm switch
        {
            RSA rsa => new RsaSecurityKey(rsa),
            ECDsa ecdsa => new ECDsaSecurityKey(ecdsa),
            _ => null,
        };
        var now = time.GetUtcNow();
        var lifetime = settings.Lifetime;
        string token;
        try
        {
            token = TokenMinter.Mint(restriction, new TokenMintOptions
            {
                Now = now,
                Lifetime = lifetime,
                ContentKeyId = keyId,
                MaxUses = settings.MaxUses,
                SigningKey = signingKey,
            });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or CryptographicException or SecurityTokenException)
        {
            return Terminal.Fail($"cannot sign a token for content key policy {policyName}: {e.Message}");
        }

        // Raw write: the console would wrap a long token at its width.
        var output = Terminal.Out.Profile.Out.Writer;
        await output.WriteLineAsync(token);
        await output.FlushAsync();

        var expires = (now + lifetime).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Terminal.Error.WriteLine(
            $"Token for key {keyId:D} of locator {settings.Locator} (policy {policyName}), expires {expires}" +
            (settings.MaxUses is { } uses ? $", {uses} use(s)" : "") + ".");
        if (KeyDeliveryBase(settings) is { } keyDelivery)
        {
            var url = string.Equals(keyType, "EnvelopeEncryption", StringComparison.OrdinalIgnoreCase)
                ? KeyDeliveryUrls.Envelope(keyDelivery, keyId)
                : KeyDeliveryUrls.ClearKeyLicense(keyDelivery);
            Terminal.Error.WriteLine($"Key: {url} with 'Authorization: Bearer <token>'.");
        }

        if (settings.Verbose)
        {
            var jwt = new JsonWebToken(token);
            Terminal.Error.WriteLine($"Header: {JsonNode.Parse(Base64UrlEncoder.Decode(jwt.EncodedHeader))?.ToJsonString()}");
            Terminal.Error.WriteLine($"Claims: {JsonNode.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload))?.ToJsonString()}");
        }

        return 0;
    }

    private static async Task<ContentKeyPolicyProperties> ReadPolicyAsync(ControlPlaneClient client, string name, CancellationToken cancellationToken)
    {
        var response = await client.PostAsync(
            $"contentKeyPolicies/{ControlPlaneClient.Segment(name)}/getPolicyPropertiesWithSecrets", null, cancellationToken);
        try
        {
            return response.RequiredBody.Deserialize<ContentKeyPolicyProperties>(ArmJson.Options) ??
                throw new CliException($"content key policy {name} came back empty.");
        }
        catch (JsonException e)
        {
            throw new CliException($"content key policy {name} is not readable: {e.Message}", e);
        }
    }

    /// <summary>The key delivery base URL of the region talked to, when <c>up.json</c> names it.</summary>
    private static Uri? KeyDeliveryBase(Settings settings)
    {
        try
        {
            var up = UpFile.Read(Path.GetFullPath(Path.Combine(settings.Data, StackDefaults.UpFileName)));
            var connection = settings.Resolve();
            return up?.Regions.FirstOrDefault(r => Same(r.ControlPlane, connection.ControlPlane) || Same(r.ControlPlaneHttps, connection.ControlPlane))
                ?.KeyDelivery;
        }
        catch (CliException)
        {
            return null;
        }

        static bool Same(Uri? a, Uri b) => a is not null &&
            string.Equals(a.GetLeftPart(UriPartial.Authority), b.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
