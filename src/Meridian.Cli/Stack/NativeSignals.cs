using System.Runtime.InteropServices;

namespace Meridian.Cli.Stack;

/// <summary>
/// Sends POSIX signals to other processes. .NET can only kill (SIGKILL); a region needs SIGTERM to stop gracefully
/// (finish requests, close its database).
/// </summary>
internal static partial class NativeSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks a process to stop; false if it is already gone or this is not a POSIX system.</summary>
    public static bool Terminate(int pid) => !OperatingSystem.IsWindows() && Kill(pid, SigTerm) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
