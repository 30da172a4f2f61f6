using System.Xml;

namespace Meridian.Media.Packaging.Ism;

/// <summary>
/// Parses <c>.ism</c> server manifests: <c>smil/head/meta</c> and the <c>video</c>, <c>audio</c> and <c>textstream</c>
/// elements under <c>smil/body</c> (normally inside one <c>switch</c>), each with <c>param</c> children.
/// </summary>
/// <remarks>
/// The file comes from customer storage, so it is hostile input: DTDs are prohibited (no entity expansion, no external
/// resolution), the size is capped, and every <c>src</c> must be a plain file name in the same container. Unknown
/// elements and attributes are ignored so hand-written and encoder-written manifests both load; anything that is not
/// well-formed SMIL becomes a <see cref="MediaFormatException"/>.
/// </remarks>
public static class ServerManifestParser
{
    /// <summary>Default size cap; AMS manifests are a few KiB.</summary>
    public const int DefaultMaxBytes = 1 << 20;

    private const int MaxTracks = 1024;

    public static ServerManifest Parse(ReadOnlySpan<byte> content, int maxBytes = DefaultMaxBytes)
    {
        if (content.Length > maxBytes)
        {
            throw new MediaFormatException($"The server manifest is {content.Length} bytes; the limit is {maxBytes}.");
        }

        using var stream = new MemoryStream(content.ToArray(), writable: false);
        return Parse(stream, maxBytes);
    }

    public static ServerManifest Parse(string content, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Parse(System.Text.Encoding.UTF8.GetBytes(content), maxBytes);
    }

    private static ServerManifest Parse(Stream stream, int maxBytes)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxBytes,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            return Read(reader);
        }
        catch (XmlException e)
        {
            throw new MediaFormatException($"The server manifest is not well-formed XML: {e.Message}", e);
        }
    }

    private static ServerManifest Read(XmlReader reader)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "smil")
        {
            throw new MediaFormatException("The server manifest's root element is not 'smil'.");
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        var tracks = new List<ServerManifestTrack>();
        var inHead = false;
        var inBody = false;
        var rootDepth = reader.Depth;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == rootDepth + 1)
            {
                inHead = inBody = false;
                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth == rootDepth + 1)
            {
                inHead = reader.LocalName == "head" && !reader.IsEmptyElement;
                inBody = reader.LocalName == "body" && !reader.IsEmptyElement;
                continue;
            }

            if (inHead && reader.LocalName == "meta")
            {
                var name = reader.GetAttribute("name");
                if (!string.IsNullOrEmpty(name))
                {
                    meta[name] = reader.GetAttribute("content") ?? string.Empty;
                }
            }
            else if (inBody && KindOf(reader.LocalName) is { } kind)
            {
                if (tracks.Count == MaxTracks)
                {
                    throw new MediaFormatException($"The server manifest lists more than {MaxTracks} tracks.");
                }

                tracks.Add(ReadTrack(reader, kind));
            }
        }

        return new ServerManifest { Meta = meta, Tracks = tracks };
    }

    private static ServerManifestTrack ReadTrack(XmlReader reader, TrackKind kind)
    {
        var element = reader.LocalName;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.Prefix.Length == 0 && reader.LocalName != "xmlns")
                {
                    attributes[reader.LocalName] = reader.Value;
                }
            }
            while (reader.MoveToNextAttribute());

            reader.MoveToElement();
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!reader.IsEmptyElement)
        {
            var depth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == depth + 1 && reader.LocalName == "param")
                {
                    var name = reader.GetAttribute("name");
                    if (!string.IsNullOrEmpty(name))
                    {
                        parameters[name] = reader.GetAttribute("value") ?? string.Empty;
                    }
                }
            }
        }

        if (!attributes.TryGetValue("src", out var src) || string.IsNullOrWhiteSpace(src))
        {
            throw new MediaFormatException($"A '{element}' element of the server manifest has no 'src'.");
        }

        return new ServerManifestTrack
        {
            Kind = kind,
            Source = ValidateSource(src.Trim()),
            Attributes = attributes,
            Params = parameters,
        };
    }

    /// <summary>A plain file name: no directory separators, no parent references, no URL schemes or control characters.</summary>
    public static string ValidateSource(string src)
    {
        ArgumentNullException.ThrowIfNull(src);
        var bad = src.Length == 0 || src.Length > 1024 || src == "." || src.Contains("..", StringComparison.Ordinal);
        foreach (var c in src)
        {
            bad |= c is '/' or '\\' or ':' or '?' or '#' or '%' || char.IsControl(c);
        }

        return bad ? throw new MediaFormatException($"The server manifest source '{src}' is not a plain file name in the asset.") : src;
    }

    private static TrackKind? KindOf(string element) => element switch
    {
        "video" => TrackKind.Video,
        "audio" => TrackKind.Audio,
        "textstream" => TrackKind.Text,
        _ => null,
    };
}
