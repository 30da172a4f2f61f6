namespace Meridian.Region.Tests.Players;

/// <summary>A request <see cref="LoopbackStaticServer"/> answered, with the Authorization header it carried.</summary>
public sealed record ServedRequest(string Method, string Path, int Status, string? Authorization);
