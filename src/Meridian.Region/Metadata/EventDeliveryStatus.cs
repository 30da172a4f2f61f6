namespace Meridian.Region.Metadata;

/// <summary>Where one event stands with one subscription.</summary>
public enum EventDeliveryStatus
{
    /// <summary>Not yet acknowledged; due at its next attempt time.</summary>
    Pending = 0,

    /// <summary>The subscriber answered 2xx.</summary>
    Delivered = 1,

    /// <summary>Attempts or time to live ran out; the event stays readable from the pull endpoint.</summary>
    Abandoned = 2,
}
