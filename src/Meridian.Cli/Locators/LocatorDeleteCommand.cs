using Meridian.Cli.Client;

namespace Meridian.Cli.Locators;

/// <summary><c>meridian locator delete NAME</c>: unpublishes a locator (its URLs and keys stop working).</summary>
public sealed class LocatorDeleteCommand(Terminal terminal) : DeleteCommand(terminal)
{
    protected override string Collection => "streamingLocators";

    protected override string DisplayName => "Locator";
}
