namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>Running processes and their arguments, read from <c>/proc/{pid}/cmdline</c>.</summary>
public static class ProcFs
{
    /// <summary>Every process whose command line could be read, with its arguments (argv[0] first).</summary>
    public static IEnumerable<(int Pid, string[] Arguments)> CommandLines()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            yield return (pid, arguments);
        }
    }

    /// <summary>The directory as a prefix: absolute, with one trailing slash.</summary>
    public static string Prefix(string directory) => Path.GetFullPath(directory).TrimEnd('/') + "/";
}
