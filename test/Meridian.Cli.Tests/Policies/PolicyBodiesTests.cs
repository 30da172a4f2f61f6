using System.Text.Json.Nodes;
using Meridian.Cli.Policies;

namespace Meridian.Cli.Tests.Policies;

public sealed class PolicyBodiesTests
{
    [Fact]
    public void ClearKeyPolicy_Open_HasOneClearKeyOptionWithOpenRestriction()
    {
        var body = PolicyBodies.ClearKeyPolicy("demo", PolicyBodies.Open());

        var option = body["properties"]!["options"]!.AsArray().Single()!;
        Assert.Equal("demo", (string?)body["properties"]!["description"]);
        Assert.Equal("#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration", (string?)option["configuration"]!["@odata.type"]);
        Assert.Equal("#Microsoft.Media.ContentKeyPolicyOpenRestriction", (string?)option["restriction"]!["@odata.type"]);
        Assert.Equal("ClearKey/Open", PolicyBodies.DescribeOption(option));
    }

    [Fact]
    public void Token_IsAJwtRestrictionWithASymmetricKey()
    {
        var restriction = PolicyBodies.Token("https://issuer", "players", "AAECAw==");

        Assert.Equal("#Microsoft.Media.ContentKeyPolicyTokenRestriction", (string?)restriction["@odata.type"]);
        Assert.Equal("https://issuer", (string?)restriction["issuer"]);
        Assert.Equal("players", (string?)restriction["audience"]);
        Assert.Equal("Jwt", (string?)restriction["restrictionTokenType"]);
        Assert.Equal("#Microsoft.Media.ContentKeyPolicySymmetricTokenKey", (string?)restriction["primaryVerificationKey"]!["@odata.type"]);
        Assert.Equal("AAECAw==", (string?)restriction["primaryVerificationKey"]!["keyValue"]);
    }

    [Fact]
    public void StreamingPolicy_Envelope_SetsAllFourProtocolFlagsAndADefaultKey()
    {
        var body = PolicyBodies.StreamingPolicy("envelope", PolicyBodies.ParseProtocols("hls, DASH"), "keys1");

        var properties = body["properties"]!.AsObject();
        Assert.Equal(["envelopeEncryption", "defaultContentKeyPolicyName"], properties.Select(p => p.Key));
        Assert.Equal("keys1", (string?)properties["defaultContentKeyPolicyName"]);
        var enabled = properties["envelopeEncryption"]!["enabledProtocols"]!;
        Assert.Equal((true, true, false, false),
            ((bool)enabled["hls"]!, (bool)enabled["dash"]!, (bool)enabled["smoothStreaming"]!, (bool)enabled["download"]!));
        Assert.Equal("aesDefaultKey", (string?)properties["envelopeEncryption"]!["contentKeys"]!["defaultKey"]!["label"]);
        Assert.Equal("envelope", PolicyBodies.DescribeSchemes(body));
        Assert.Equal("hls, dash", PolicyBodies.DescribeProtocols(body));
    }

    [Fact]
    public void StreamingPolicy_Clear_HasNoKeys()
    {
        var body = PolicyBodies.StreamingPolicy("clear", PolicyBodies.ParseProtocols(PolicyBodies.DefaultProtocols("clear")), null);

        var section = body["properties"]!["noEncryption"]!.AsObject();
        Assert.Equal(["enabledProtocols"], section.Select(p => p.Key));
        Assert.Null(body["properties"]!["defaultContentKeyPolicyName"]);
        Assert.Equal("hls, dash, smooth", PolicyBodies.DescribeProtocols(body));
    }

    [Theory]
    [InlineData("cenc", "commonEncryptionCenc", "cencDefaultKey", "dash, smooth")]
    [InlineData("cbcs", "commonEncryptionCbcs", "cbcsDefaultKey", "hls")]
    public void StreamingPolicy_CommonEncryption_IsClearKeyWithTheSchemesDefaults(string scheme, string property, string label, string protocols)
    {
        var body = PolicyBodies.StreamingPolicy(scheme, PolicyBodies.ParseProtocols(PolicyBodies.DefaultProtocols(scheme)), null);

        var section = body["properties"]![property]!;
        Assert.Equal(label, (string?)section["contentKeys"]!["defaultKey"]!["label"]);
        Assert.IsType<JsonObject>(section["clearKeyEncryptionConfiguration"]);
        Assert.Equal(protocols, PolicyBodies.DescribeProtocols(body));
    }

    [Theory]
    [InlineData("hls,flash")]
    [InlineData(" , ")]
    public void ParseProtocols_Unknown_Fails(string text) =>
        Assert.Throws<CliException>(() => PolicyBodies.ParseProtocols(text));
}
