namespace Meridian.Media.Isobmff;

/// <summary><c>ftyp</c>/<c>styp</c> contents, ISO/IEC 14496-12 §4.3 and §8.16.2.</summary>
public sealed record FileTypeBox(FourCC MajorBrand, uint MinorVersion, IReadOnlyList<FourCC> CompatibleBrands);
