namespace Meridian.Cli.Endpoints;

/// <summary><c>meridian endpoint stop [NAME]</c>.</summary>
public sealed class EndpointStopCommand(Terminal terminal, TimeProvider time) : EndpointStateCommand(terminal, time, "stop", "Stopped");
