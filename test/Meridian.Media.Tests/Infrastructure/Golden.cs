namespace Meridian.Media.Tests.Infrastructure;

/// <summary>Golden files under <c>Golden/</c>; set <c>MERIDIAN_UPDATE_GOLDEN=1</c> to rewrite them from the current output.</summary>
public static class Golden
{
    public static void AssertMatches(string name, string actual)
    {
        var directory = Path.Combine(FindProjectDirectory(), "Golden");
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

    // From the test's output folder, not [CallerFilePath]: CI builds map source paths to "/_/" (ContinuousIntegrationBuild).
    private static string FindProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "test", "Meridian.Media.Tests");
            if (File.Exists(Path.Combine(dir.FullName, "Meridian.slnx")) && Directory.Exists(project))
            {
                return project;
            }
        }

        throw new InvalidOperationException("Meridian.slnx not found above " + AppContext.BaseDirectory);
    }
}
