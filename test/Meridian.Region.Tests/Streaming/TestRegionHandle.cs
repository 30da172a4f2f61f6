using Meridian.Region.Tests.Infrastructure;

namespace Meridian.Region.Tests.Streaming;

/// <summary>Disposes a <see cref="TestRegion"/> from a tuple-returning helper.</summary>
public sealed class TestRegionHandle(TestRegion region) : IAsyncDisposable
{
    public TestRegion Region { get; } = region;

    public ValueTask DisposeAsync() => Region.DisposeAsync();
}
