using System.Text.Json.Nodes;

namespace Meridian.Cli.Client;

/// <summary>A successful control-plane answer: its status (200, 201, 204…) and JSON body, if any.</summary>
public sealed record ApiResponse(int Status, JsonObject? Body)
{
    /// <summary>The body, which a successful GET, PUT or POST always has.</summary>
    public JsonObject RequiredBody => Body ?? throw new ApiException(Status, "EmptyResponse", "The control plane answered without a body.");
}
