using System.Xml;

namespace Meridian.Region.Storage.Endpoint;

/// <summary>
/// Parses a Put Block List body: <c>&lt;BlockList&gt;</c> with <c>&lt;Latest&gt;</c>, <c>&lt;Uncommitted&gt;</c> or
/// <c>&lt;Committed&gt;</c> block ids. The store keeps no committed block list, so <c>Latest</c> and <c>Uncommitted</c> both
/// name staged blocks and <c>Committed</c> is refused. DTDs are prohibited.
/// </summary>
internal static class BlockListXml
{
    public static List<string> Parse(Stream body)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
        };
        var ids = new List<string>();
        try
        {
            using var reader = XmlReader.Create(body, settings);
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "BlockList")
            {
                throw Invalid("The root element must be BlockList.");
            }

            if (reader.IsEmptyElement)
            {
                return ids;
            }

            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    throw Invalid("BlockList may hold only Latest, Uncommitted and Committed elements.");
                }

                switch (reader.LocalName)
                {
                    case "Latest" or "Uncommitted":
                        ids.Add(reader.ReadElementContentAsString().Trim());
                        break;
                    case "Committed":
                        throw new BlobStorageException(400, BlobErrorCodes.InvalidBlockList,
                            "The specified block list is invalid: this server keeps no committed block lists; send the blocks as Latest.");
                    default:
                        throw Invalid($"Unexpected element '{reader.LocalName}' in BlockList.");
                }
            }
        }
        catch (XmlException ex)
        {
            throw Invalid(ex.Message);
        }

        return ids;
    }

    private static BlobStorageException Invalid(string detail) =>
        new(400, BlobErrorCodes.InvalidXmlDocument, $"XML specified is not syntactically valid. {detail}");
}
