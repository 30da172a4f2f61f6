using Meridian.Cli.Client;

namespace Meridian.Cli.Assets;

/// <summary><c>meridian asset delete NAME</c>: deletes an asset, its locators and its files.</summary>
public sealed class AssetDeleteCommand(Terminal terminal) : DeleteCommand(terminal)
{
    protected override string Collection => "assets";

    protected override string DisplayName => "Asset";
}
