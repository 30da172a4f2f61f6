using System.Runtime.InteropServices;

namespace Meridian.Region.Storage;

/// <summary>POSIX hard links (.NET has no API for them): a second name for a file's content, with no bytes copied.</summary>
internal static class NativeLinks
{
    /// <summary>Creates <paramref name="link"/> as a hard link to <paramref name="existing"/>; false if the OS refuses (EXDEV, EPERM, ...).</summary>
    public static bool TryHardLink(string existing, string link) => !OperatingSystem.IsWindows() && Link(existing, link) == 0;

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string link);
}
