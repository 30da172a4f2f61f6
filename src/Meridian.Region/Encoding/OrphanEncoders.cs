using System.Diagnostics;

namespace Meridian.Region.Encoder;

/// <summary>
/// Finds and ends the encoder processes a killed run of the region left behind. A SIGKILLed region cannot stop its ffmpeg:
/// the child is re-parented and encodes on into files that restart recovery deletes, using the CPU the restarted job needs.
/// Every such process names a file under the region's own temporary directory on its command line, which is how it is
/// recognised (<c>/proc/PID/cmdline</c>; Linux only, elsewhere nothing is found).
/// </summary>
public static class OrphanEncoders
{
    /// <summary>Ids of the processes with an argument under <paramref name="temporaryRoot"/>, other than this one.</summary>
    public static IReadOnlyList<int> Find(string temporaryRoot)
    {
        ArgumentNullException.ThrowIfNull(temporaryRoot);
        var found = new List<int>();
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
        {
            return found;
        }

        var prefix = Path.GetFullPath(temporaryRoot).TrimEnd('/') + "/";
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && pid != Environment.ProcessId &&
                CommandLine(pid).Any(a => a.StartsWith(prefix, StringComparison.Ordinal)))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>Kills (SIGKILL) every process <see cref="Find"/> returns and waits for each; returns their ids.</summary>
    public static IReadOnlyList<int> KillAll(string temporaryRoot)
    {
        var killed = new List<int>();
        foreach (var pid in Find(temporaryRoot))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(TimeSpan.FromSeconds(5));
                killed.Add(pid);
            }
            catch (ArgumentException)
            {
                // Exited between the scan and the kill.
            }
            catch (InvalidOperationException)
            {
                // Exited between the scan and the kill.
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not ours to kill (another user's process).
            }
        }

        return killed;
    }

    private static string[] CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
