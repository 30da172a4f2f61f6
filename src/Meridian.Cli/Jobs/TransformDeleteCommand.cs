using Meridian.Cli.Client;

namespace Meridian.Cli.Jobs;

/// <summary><c>meridian transform delete NAME</c>: deletes a transform and its jobs.</summary>
public sealed class TransformDeleteCommand(Terminal terminal) : DeleteCommand(terminal)
{
    protected override string Collection => "transforms";

    protected override string DisplayName => "Transform";
}
