namespace Meridian.Region.Tests.Players;

/// <summary>A request the player made: status 0 with <see cref="Error"/> when it failed below HTTP (CORS, refused).</summary>
public sealed record PlayerRequest(string Url, int Status, string? Method, string? Error);
