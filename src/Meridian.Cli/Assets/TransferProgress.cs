using Spectre.Console;

namespace Meridian.Cli.Assets;

/// <summary>Moves a progress bar as the blob client reports bytes sent; reports may arrive out of order, so it only moves forward.</summary>
public sealed class TransferProgress(ProgressTask task) : IProgress<long>
{
    public void Report(long value)
    {
        if (value > task.Value)
        {
            task.Value = value;
        }
    }
}
