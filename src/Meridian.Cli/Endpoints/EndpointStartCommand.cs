namespace Meridian.Cli.Endpoints;

/// <summary><c>meridian endpoint start [NAME]</c>.</summary>
public sealed class EndpointStartCommand(Terminal terminal, TimeProvider time) : EndpointStateCommand(terminal, time, "start", "Running");
