namespace Meridian.Region.Tests.Streaming;

/// <summary>An audio stream a packaged output must carry.</summary>
public sealed record AudioExpectation(int SampleRate, int Channels, string? Language);
