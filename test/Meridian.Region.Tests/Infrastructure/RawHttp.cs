using System.Net.Sockets;
using System.Text;

namespace Meridian.Region.Tests.Infrastructure;

/// <summary>Sends a request byte for byte, so the target reaches the server without client-side normalization.</summary>
public static class RawHttp
{
    public static async Task<(int Status, string Response)> SendAsync(Uri baseUrl, string method, string target, string? body = null,
        string? authorization = "Bearer " + TestRegion.ApiKey)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseUrl.Host, baseUrl.Port);
        await using var stream = client.GetStream();
        var bodyBytes = Encoding.UTF8.GetBytes(body ?? "");
        var request = new StringBuilder()
            .Append($"{method} {target} HTTP/1.1\r\nHost: {baseUrl.Authority}\r\nConnection: close\r\n");
        if (authorization is not null)
        {
            request.Append($"Authorization: {authorization}\r\n");
        }

        if (body is not null)
        {
            request.Append($"Content-Type: application/json\r\nContent-Length: {bodyBytes.Length}\r\n");
        }

        request.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        await stream.WriteAsync(bodyBytes);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
