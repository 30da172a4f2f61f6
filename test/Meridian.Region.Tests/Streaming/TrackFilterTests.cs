using Meridian.Region.ControlPlane.Filters;
using Meridian.Region.Streaming;

namespace Meridian.Region.Tests.Streaming;

public sealed class TrackFilterTests
{
    private static MediaFilterProperties Filter(FilterTrackPropertyType property, string value) => new()
    {
        Tracks =
        [
            new FilterTrackSelection
            {
                TrackSelections = [new FilterTrackPropertyCondition { Property = property, Operation = FilterTrackPropertyCompareOperation.Equal, Value = value }],
            },
        ],
    };

    [Fact]
    public void Key_DoesNotDependOnTheOrderOfTheFilters_ButOnWhatTheySelect()
    {
        var video = Filter(FilterTrackPropertyType.Type, "Video");
        var english = Filter(FilterTrackPropertyType.Language, "en-US");
        var both = TrackFilter.Create([video, english])!;
        Assert.Equal(both.Key, TrackFilter.Create([english, video])!.Key);
        Assert.Equal(both.Key, TrackFilter.Create([english, new MediaFilterProperties(), video])!.Key);
        Assert.NotEqual(both.Key, TrackFilter.Create([video])!.Key);
        Assert.NotEqual(both.Key, TrackFilter.Create([video, Filter(FilterTrackPropertyType.Language, "fr-FR")])!.Key);
        Assert.Null(TrackFilter.Create([new MediaFilterProperties()]));
    }
}
