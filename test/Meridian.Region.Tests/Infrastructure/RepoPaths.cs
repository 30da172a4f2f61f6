namespace Meridian.Region.Tests.Infrastructure;

/// <summary>Finds the repository root (the folder with Meridian.slnx) from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Meridian.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Meridian.slnx not found above " + AppContext.BaseDirectory);
    }
}
