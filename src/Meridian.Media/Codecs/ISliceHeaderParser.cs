namespace Meridian.Media.Codecs;

/// <summary>One codec's slice header locator; see <see cref="SliceHeaderLocator.ClearHeaderBytes"/>.</summary>
internal interface ISliceHeaderParser
{
    int ClearHeaderBytes(ReadOnlySpan<byte> nalUnit);
}
