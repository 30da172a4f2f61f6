using System.Net;
using Meridian.Cli.Stack;

namespace Meridian.Cli.Tests.Infrastructure;

/// <summary>
/// Picks base ports for <c>meridian up</c> whose five ports are free on both stack addresses, so that tests can run beside
/// each other and beside other test projects.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int FindBase()
    {
        var addresses = new[] { IPAddress.Parse("127.0.1.1"), IPAddress.Parse("127.0.2.1") };
        for (var attempt = 0; attempt < 200; attempt++)
        {
            // Below Linux's ephemeral range (32768 and up), where port-0 listeners and outgoing connections land.
            var candidate = Random.Shared.Next(20000, 32700);
            lock (HandedOut)
            {
                if (Enumerable.Range(candidate - StackLayout.PortsPerRegion + 1, 2 * StackLayout.PortsPerRegion - 1).Any(HandedOut.Contains))
                {
                    continue;
                }

                if (Enumerable.Range(candidate, StackLayout.PortsPerRegion).All(p => addresses.All(a => PortProbe.IsFree(a, p))))
                {
                    HandedOut.Add(candidate);
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("Found no free block of ports on 127.0.1.1 and 127.0.2.1.");
    }
}
