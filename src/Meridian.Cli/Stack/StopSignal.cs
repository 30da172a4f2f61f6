using System.Runtime.InteropServices;

namespace Meridian.Cli.Stack;

/// <summary>Catches SIGINT (Ctrl-C) and SIGTERM so that <c>up</c> can stop its regions before it exits.</summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private readonly CancellationTokenRegistration _caller;

    public StopSignal(CancellationToken caller)
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        _caller = caller.Register(_stop.Cancel);
    }

    /// <summary>Cancelled once a stop was asked for.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _caller.Dispose();
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // Keep the runtime from exiting at once; the stack stops in order instead.
        context.Cancel = true;
        _stop.Cancel();
    }
}
