using System.Globalization;
using System.Text;
using System.Xml;

namespace Meridian.Region.Storage.Endpoint;

/// <summary>Writes a List Blobs response (<c>EnumerationResults</c>) as the Azure Blob service does.</summary>
internal static class BlobListXml
{
    private static readonly XmlWriterSettings Settings = new()
    {
        Async = true,
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
    };

    public static async Task WriteAsync(Stream output, string serviceEndpoint, string container, BlobListQuery query, BlobListPage page,
        string? nextMarker)
    {
        await using var xml = XmlWriter.Create(output, Settings);
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "EnumerationResults", null);
        await xml.WriteAttributeStringAsync(null, "ServiceEndpoint", null, serviceEndpoint);
        await xml.WriteAttributeStringAsync(null, "ContainerName", null, container);
        await Element(xml, "Prefix", query.Options.Prefix);
        await Element(xml, "Marker", query.RawMarker);
        await Element(xml, "MaxResults", query.MaxResultsGiven ? query.Options.MaxResults.ToString(CultureInfo.InvariantCulture) : null);
        await Element(xml, "Delimiter", query.Options.Delimiter);
        await xml.WriteStartElementAsync(null, "Blobs", null);
        foreach (var entry in page.Entries)
        {
            if (entry.Blob is not { } blob)
            {
                await xml.WriteStartElementAsync(null, "BlobPrefix", null);
                await Element(xml, "Name", entry.Name);
                await xml.WriteEndElementAsync();
                continue;
            }

            await xml.WriteStartElementAsync(null, "Blob", null);
            await Element(xml, "Name", blob.Name);
            await xml.WriteStartElementAsync(null, "Properties", null);
            await Element(xml, "Creation-Time", blob.Created.ToString("r", CultureInfo.InvariantCulture));
            await Element(xml, "Last-Modified", blob.LastModified.ToString("r", CultureInfo.InvariantCulture));
            await Element(xml, "Etag", blob.ETag.Trim('"'));
            await Element(xml, "Content-Length", blob.Length.ToString(CultureInfo.InvariantCulture));
            await Element(xml, "Content-Type", blob.Content.ContentType ?? BlobEndpoint.DefaultContentType);
            await Element(xml, "Content-Encoding", blob.Content.ContentEncoding);
            await Element(xml, "Content-Language", blob.Content.ContentLanguage);
            await Element(xml, "Content-MD5", blob.Content.ContentMd5);
            await Element(xml, "Cache-Control", blob.Content.CacheControl);
            await Element(xml, "Content-Disposition", blob.Content.ContentDisposition);
            await Element(xml, "BlobType", "BlockBlob");
            await Element(xml, "AccessTier", "Hot");
            await Element(xml, "AccessTierInferred", "true");
            await Element(xml, "LeaseStatus", "unlocked");
            await Element(xml, "LeaseState", "available");
            await Element(xml, "ServerEncrypted", "false");
            await xml.WriteEndElementAsync();
            if (query.IncludeMetadata)
            {
                await xml.WriteStartElementAsync(null, "Metadata", null);
                foreach (var (name, value) in blob.Metadata)
                {
                    await Element(xml, name, value);
                }

                await xml.WriteEndElementAsync();
            }

            await xml.WriteEndElementAsync();
        }

        await xml.WriteEndElementAsync();
        await xml.WriteStartElementAsync(null, "NextMarker", null);
        if (nextMarker is not null)
        {
            await xml.WriteStringAsync(nextMarker);
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static async Task Element(XmlWriter xml, string name, string? value)
    {
        if (value is not null)
        {
            await xml.WriteElementStringAsync(null, name, null, value);
        }
    }
}
