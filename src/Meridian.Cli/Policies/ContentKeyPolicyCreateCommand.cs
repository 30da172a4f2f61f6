using System.ComponentModel;
using System.Security.Cryptography;
using Meridian.Cli.Client;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Meridian.Cli.Policies;

/// <summary>
/// <c>meridian policy content-key create NAME [--open | --token ...]</c>: a ClearKey content key policy whose keys go to
/// anyone (<c>--open</c>, the default) or to holders of a JWT signed with a shared key (<c>--token</c>).
/// </summary>
public sealed class ContentKeyPolicyCreateCommand(Terminal terminal) : ApiCommand<ContentKeyPolicyCreateCommand.Settings>(terminal)
{
    public sealed class Settings : ConnectionSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Description("Content key policy name")]
        public string Name { get; init; } = "";

        [CommandOption("--open")]
        [Description("Deliver keys to anyone (the default)")]
        public bool Open { get; init; }

        [CommandOption("--token")]
        [Description("Deliver keys only with a JWT (HS256) from --issuer for --audience")]
        public bool Token { get; init; }

        [CommandOption("--issuer <ISSUER>")]
        [Description("With --token: the required 'iss'")]
        public string? Issuer { get; init; }

        [CommandOption("--audience <AUDIENCE>")]
        [Description("With --token: the required 'aud'")]
        public string? Audience { get; init; }

        [CommandOption("--symmetric-key <BASE64>")]
        [Description("With --token: the signing key, base64. Default: a new random 256-bit key, printed once")]
        public string? SymmetricKey { get; init; }

        [CommandOption("--description <TEXT>")]
        [Description("Free text describing the policy")]
        public string? Description { get; init; }

        public override ValidationResult Validate()
        {
            if (Open && Token)
            {
                return ValidationResult.Error("--open and --token exclude each other.");
            }

            if (!Token && (Issuer ?? Audience ?? SymmetricKey) is not null)
            {
                return ValidationResult.Error("--issuer, --audience and --symmetric-key go with --token.");
            }

            if (Token && (string.IsNullOrWhiteSpace(Issuer) || string.IsNullOrWhiteSpace(Audience)))
            {
                return ValidationResult.Error("--token needs --issuer and --audience.");
            }

            if (SymmetricKey is not null && !IsBase64(SymmetricKey))
            {
                return ValidationResult.Error("--symmetric-key must be base64.");
            }

            return ValidationResult.Success();
        }

        private static bool IsBase64(string text)
        {
            var buffer = new byte[text.Length];
            return Convert.TryFromBase64String(text, buffer, out var written) && written > 0;
        }
    }

    protected override async Task<int> RunAsync(ControlPlaneClient client, Settings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        string? generatedKey = null;
        var restriction = PolicyBodies.Open();
        if (settings.Token)
        {
            var key = settings.SymmetricKey ?? (generatedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            restriction = PolicyBodies.Token(settings.Issuer!, settings.Audience!, key);
        }

        var response = await client.PutAsync($"contentKeyPolicies/{ControlPlaneClient.Segment(settings.Name)}",
            PolicyBodies.ClearKeyPolicy(settings.Description, restriction), cancellationToken);
        Terminal.WriteLine(response.Status == 201
            ? $"Created content key policy {settings.Name}."
            : $"Updated content key policy {settings.Name}.");
        Terminal.Write(ContentKeyPolicyShowCommand.Render(response.RequiredBody));
        if (generatedKey is not null)
        {
            Terminal.WriteLine($"Token signing key (base64, keep it secret; the service will not show it again): {generatedKey}");
        }

        return 0;
    }
}
