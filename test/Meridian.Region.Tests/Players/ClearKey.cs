namespace Meridian.Region.Tests.Players;

/// <summary>A ClearKey content key: 16-byte key id and key, as 32 hex digits each.</summary>
public sealed record ClearKey(string KidHex, string KeyHex)
{
    public override string ToString() => KidHex + ":" + KeyHex;
}
