namespace Meridian.Region.Events;

/// <summary>Which events a subscription receives, as in Event Grid: all types when none are listed; subjects match case-insensitively.</summary>
public sealed record EventSubscriptionFilter
{
    public IReadOnlyList<string>? IncludedEventTypes { get; init; }

    public string? SubjectBeginsWith { get; init; }

    public string? SubjectEndsWith { get; init; }

    public bool Matches(string eventType, string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return (IncludedEventTypes is not { Count: > 0 } types || types.Contains(eventType, StringComparer.OrdinalIgnoreCase)) &&
            (string.IsNullOrEmpty(SubjectBeginsWith) || subject.StartsWith(SubjectBeginsWith, StringComparison.OrdinalIgnoreCase)) &&
            (string.IsNullOrEmpty(SubjectEndsWith) || subject.EndsWith(SubjectEndsWith, StringComparison.OrdinalIgnoreCase));
    }
}
