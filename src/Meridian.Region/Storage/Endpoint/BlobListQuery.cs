using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.Storage.Endpoint;

/// <summary>
/// The query of a List Blobs request. Markers are opaque to clients: base64url of the last name of the previous page.
/// </summary>
internal sealed record BlobListQuery(BlobListOptions Options, string? RawMarker, bool MaxResultsGiven, bool IncludeMetadata)
{
    public static BlobListQuery Parse(IQueryCollection query)
    {
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString();
        // Both are echoed in the XML listing, which cannot carry control characters or U+FFFE/U+FFFF (no blob name
        // holds one either); refused here, they would abort the response after it started.
        if (!Listable(prefix))
        {
            throw Invalid("prefix");
        }

        if (!Listable(delimiter))
        {
            throw Invalid("delimiter");
        }

        var rawMarker = query["marker"].ToString();
        string? marker = null;
        if (rawMarker.Length > 0)
        {
            try
            {
                marker = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(rawMarker));
            }
            catch (FormatException)
            {
                throw Invalid("marker");
            }
        }

        var max = BlobListOptions.Limit;
        var maxText = query["maxresults"].ToString();
        if (maxText.Length > 0)
        {
            if (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1)
            {
                throw Invalid("maxresults");
            }

            max = Math.Min(max, BlobListOptions.Limit);
        }

        var include = query["include"].ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new BlobListQuery(
            new BlobListOptions
            {
                Prefix = prefix.Length == 0 ? null : prefix,
                Delimiter = delimiter.Length == 0 ? null : delimiter,
                Marker = marker,
                MaxResults = max,
            },
            rawMarker.Length == 0 ? null : rawMarker,
            maxText.Length > 0,
            include.Contains("metadata", StringComparer.OrdinalIgnoreCase));
    }

    private static bool Listable(string text) => text.All(BlobNames.Listable);

    public static string EncodeMarker(string name) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(name));

    private static BlobStorageException Invalid(string name) => new(400, BlobErrorCodes.InvalidQueryParameterValue,
        $"Value for one of the query parameters specified in the request URI is invalid: '{name}'.");
}
