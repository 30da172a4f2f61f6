namespace Meridian.Media.Isobmff;

/// <summary><c>hdlr</c> fields, ISO/IEC 14496-12 §8.4.3.</summary>
public sealed record HandlerBox(FourCC HandlerType, string Name);
