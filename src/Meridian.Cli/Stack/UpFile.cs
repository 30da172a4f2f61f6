using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meridian.Cli.Stack;

/// <summary>
/// <c>up.json</c>: what a running <c>meridian up</c> serves and with which credential. Written when the stack is ready,
/// removed when it stops; the CLI verbs, tests and SDK samples read it to find the stack.
/// </summary>
public sealed record UpFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Subscription { get; init; }

    public required string ResourceGroup { get; init; }

    public required string Account { get; init; }

    /// <summary>The bearer credential every region of the stack accepts.</summary>
    public required string ApiKey { get; init; }

    /// <summary>PEM files of the control planes' self-signed HTTPS certificates, for clients to trust.</summary>
    public IReadOnlyList<string> Certificates { get; init; } = [];

    public IReadOnlyList<UpRegion> Regions { get; init; } = [];

    /// <summary>Reads <paramref name="path"/>; null if there is no such file.</summary>
    public static UpFile? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<UpFile>(File.ReadAllText(path), Json) ??
                throw new CliException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is not a valid stack file: {e.Message}", e);
        }
    }

    /// <summary>Writes the file atomically and, as it holds the credential, readable by its owner only.</summary>
    public void Write(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
