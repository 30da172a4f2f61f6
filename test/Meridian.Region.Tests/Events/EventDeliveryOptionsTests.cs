using Meridian.Region.Events;

namespace Meridian.Region.Tests.Events;

public sealed class EventDeliveryOptionsTests
{
    [Fact]
    public void Defaults_FollowEventGrid_AndTheBackoffDoublesUpToTheCap()
    {
        var options = new EventDeliveryOptions();
        Assert.Equal(TimeSpan.FromSeconds(1), options.InitialRetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MaxRetryDelay);
        Assert.Equal(TimeSpan.FromHours(24), options.EventTimeToLive);
        Assert.Equal(30, options.MaxDeliveryAttempts);
        Assert.Equal(
            [1, 2, 4, 8, 16, 32, 60, 60],
            Enumerable.Range(1, 8).Select(a => (int)options.RetryDelay(a).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(60), options.RetryDelay(1000));
    }
}
