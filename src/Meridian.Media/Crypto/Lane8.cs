using System.Runtime.CompilerServices;

namespace Meridian.Media.Crypto;

/// <summary>Eight integers inline, one per lane of <see cref="CbcLanes"/>.</summary>
[InlineArray(8)]
internal struct Lane8
{
    private int _element;
}
