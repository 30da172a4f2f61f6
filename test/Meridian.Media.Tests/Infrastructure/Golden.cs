using System.Runtime.CompilerServices;

namespace Meridian.Media.Tests.Infrastructure;

/// <summary>Golden files under <c>Golden/</c>; set <c>MERIDIAN_UPDATE_GOLDEN=1</c> to rewrite them from the current output.</summary>
public static class Golden
{
    public static void AssertMatches(string name, string actual, [CallerFilePath] string caller = "")
    {
        var directory = Path.Combine(FindProjectDirectory(caller), "Golden");
        var path = Path.Combine(directory, name);
        if (Environment.GetEnvironmentVariable("MERIDIAN_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"Golden file {path} is missing; run the tests with MERIDIAN_UPDATE_GOLDEN=1 to create it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string FindProjectDirectory(string caller)
    {
        var dir = Path.GetDirectoryName(caller);
        while (dir is not null && !File.Exists(Path.Combine(dir, "Meridian.Media.Tests.csproj")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException($"No test project above {caller}.");
    }
}
