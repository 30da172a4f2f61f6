using System.Runtime.CompilerServices;

namespace Meridian.Media.Crypto;

/// <summary>Four integers inline, one per lane of <see cref="CbcLanes"/>.</summary>
[InlineArray(4)]
internal struct Lane4
{
    private int _element;
}
