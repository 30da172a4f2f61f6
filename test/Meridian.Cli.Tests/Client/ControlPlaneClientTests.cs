using System.Text.Json.Nodes;
using Meridian.Cli.Client;

namespace Meridian.Cli.Tests.Client;

public sealed class ControlPlaneClientTests
{
    [Fact]
    public void ToError_ArmErrorBody_KeepsCodeAndMessage()
    {
        var body = JsonNode.Parse("""{"error":{"code":"ResourceNotFound","message":"The asset 'x' was not found.","target":"x"}}""");

        var error = ControlPlaneClient.ToError(404, "Not Found", body, "");

        Assert.Equal((404, "ResourceNotFound", "The asset 'x' was not found."), (error.Status, error.Code, error.Message));
    }

    [Fact]
    public void ToError_NotArm_UsesTheStatusAndText()
    {
        var error = ControlPlaneClient.ToError(502, "Bad Gateway", null, "upstream down");

        Assert.Equal((502, "Http502", "upstream down"), (error.Status, error.Code, error.Message));
    }
}
