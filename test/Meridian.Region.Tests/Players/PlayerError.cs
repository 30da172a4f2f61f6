namespace Meridian.Region.Tests.Players;

/// <summary>
/// One error seen during playback. <see cref="Source"/> is the player (hls, dash, shaka), <c>video</c> (media element),
/// <c>page</c> (uncaught exception), <c>console</c> (console.error) or <c>harness</c> (stalled, timeout, duration).
/// </summary>
public sealed record PlayerError(string Source, bool Fatal, string? Type, string? Details, string? Message, string? Url);
