namespace Meridian.Media.Packaging;

/// <summary>Where an I-frame playlist entry points: <see cref="Uri"/>, optionally a byte range of it (<c>EXT-X-BYTERANGE</c>).</summary>
public readonly record struct HlsKeyFrameReference(string Uri, long Offset = -1, long Length = -1)
{
    public bool HasByteRange => Offset >= 0 && Length > 0;
}
