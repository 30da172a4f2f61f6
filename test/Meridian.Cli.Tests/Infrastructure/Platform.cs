using System.Runtime.Versioning;

// The stack runs on Linux: the tests find region processes in /proc, send POSIX signals and check Unix file modes.
[assembly: SupportedOSPlatform("linux")]
