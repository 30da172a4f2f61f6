using System.Net;
using System.Net.Sockets;

namespace Meridian.Cli.Stack;

/// <summary>Finds the stack's ports that something else already listens on, so <c>up</c> can say so before starting anything.</summary>
internal static class PortProbe
{
    /// <summary>Each busy listener as <c>127.0.1.1:7080 (region1 control plane (http))</c>.</summary>
    public static IReadOnlyList<string> Busy(IEnumerable<StackRegion> regions)
    {
        var busy = new List<string>();
        foreach (var region in regions)
        {
            foreach (var listener in region.Listeners)
            {
                if (!IsFree(IPAddress.Parse(listener.Url.Host), listener.Url.Port))
                {
                    busy.Add($"{listener.Url.Host}:{listener.Url.Port} ({region.Name} {StackRegion.Describe(listener)})");
                }
            }
        }

        return busy;
    }

    public static bool IsFree(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // As a server binds: connections lingering in TIME_WAIT do not make the port busy, a listener does.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
