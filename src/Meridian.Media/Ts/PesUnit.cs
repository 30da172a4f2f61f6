namespace Meridian.Media.Ts;

/// <summary>
/// One PES packet staged in a <see cref="PooledBuffer"/>: header and payload at [<see cref="Offset"/>,
/// <see cref="Offset"/> + <see cref="Length"/>). Timestamps are 90 kHz before the 33-bit wrap.
/// </summary>
internal readonly record struct PesUnit(int Pid, long Dts, int Offset, int Length, bool RandomAccess);
