using System.Text.Json.Nodes;
using Meridian.Cli.Stack;
using Meridian.Cli.Tests.Infrastructure;

namespace Meridian.Cli.Tests.Stack;

public sealed class UpFileTests
{
    [Fact]
    public void Write_DescribedStack_HasTheDocumentedShape()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "up.json");

        UpCommand.Describe(dir.Path, StackLayout.Regions(7080), "k".PadRight(64, '0')).Write(path);

        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal(["subscription", "resourceGroup", "account", "apiKey", "certificates", "regions"], json.Select(p => p.Key));
        Assert.Equal("00000000-0000-0000-0000-000000000000", (string?)json["subscription"]);
        Assert.Equal("meridian", (string?)json["resourceGroup"]);
        Assert.Equal("meridian", (string?)json["account"]);
        Assert.Equal(Path.Combine(dir.Path, "region2", "certs", "controlplane.crt"), (string?)json["certificates"]![1]);
        var region = json["regions"]![1]!.AsObject();
        Assert.Equal(["name", "controlPlane", "controlPlaneHttps", "streaming", "keyDelivery", "blob"], region.Select(p => p.Key));
        Assert.Equal("region2", (string?)region["name"]);
        Assert.Equal("http://127.0.2.1:7080/", (string?)region["controlPlane"]);
        Assert.Equal("https://127.0.2.1:7084/", (string?)region["controlPlaneHttps"]);
        Assert.Equal("http://127.0.2.1:7081/", (string?)region["streaming"]);
        Assert.Equal("http://127.0.2.1:7082/", (string?)region["keyDelivery"]);
        Assert.Equal("http://127.0.2.1:7083/", (string?)region["blob"]);
    }

    [Fact]
    public void Write_HoldsTheCredential_SoOnlyTheOwnerMayReadIt()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "up.json");

        UpCommand.Describe(dir.Path, StackLayout.Regions(7080), "secret-key-0123456789").Write(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Read_WhatWasWritten_RoundTrips()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "up.json");
        var written = UpCommand.Describe(dir.Path, StackLayout.Regions(9000), "secret-key-0123456789");
        written.Write(path);

        var read = UpFile.Read(path)!;

        Assert.Equal(written.ApiKey, read.ApiKey);
        Assert.Equal(written.Certificates, read.Certificates);
        Assert.Equal(written.Regions, read.Regions);
    }

    [Fact]
    public void Read_NoFile_ReturnsNull()
    {
        using var dir = new TempDirectory();
        Assert.Null(UpFile.Read(Path.Combine(dir.Path, "up.json")));
    }

    [Fact]
    public void Read_NotJson_ThrowsCliExceptionNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "up.json");
        File.WriteAllText(path, "{ not json");

        var error = Assert.Throws<CliException>(() => UpFile.Read(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
