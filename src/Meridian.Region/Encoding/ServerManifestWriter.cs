using System.Globalization;
using System.Security;
using System.Text;

namespace Meridian.Region.Encoder;

/// <summary>Writes the <c>.ism</c> server manifest the origin reads, in the AMS encoder's shape: one entry per MP4.</summary>
public static class ServerManifestWriter
{
    public static string Write(EncodePlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var xml = new StringBuilder();
        xml.AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        xml.AppendLine("<smil xmlns=\"http://www.w3.org/2001/SMIL20/Language\">");
        xml.AppendLine("  <head>");
        xml.AppendLine("    <meta name=\"formats\" content=\"mp4-v3\" />");
        xml.AppendLine("  </head>");
        xml.AppendLine("  <body>");
        xml.AppendLine("    <switch>");
        foreach (var r in plan.Renditions.Where(r => !r.IsVideo))
        {
            var bitrate = r.Bitrate.ToString(CultureInfo.InvariantCulture);
            xml.AppendLine(CultureInfo.InvariantCulture, $"      <audio src=\"{SecurityElement.Escape(r.FileName)}\" systemBitrate=\"{bitrate}\">");
            xml.AppendLine(CultureInfo.InvariantCulture, $"        <param name=\"systemBitrate\" value=\"{bitrate}\" valuetype=\"data\" />");
            xml.AppendLine("        <param name=\"trackID\" value=\"1\" valuetype=\"data\" />");
            xml.AppendLine(CultureInfo.InvariantCulture, $"        <param name=\"trackName\" value=\"aac_und_{r.Channels}_{bitrate}_1\" valuetype=\"data\" />");
            xml.AppendLine("      </audio>");
        }

        foreach (var r in plan.Renditions.Where(r => r.IsVideo))
        {
            var bitrate = r.Bitrate.ToString(CultureInfo.InvariantCulture);
            xml.AppendLine(CultureInfo.InvariantCulture, $"      <video src=\"{SecurityElement.Escape(r.FileName)}\" systemBitrate=\"{bitrate}\">");
            xml.AppendLine(CultureInfo.InvariantCulture, $"        <param name=\"systemBitrate\" value=\"{bitrate}\" valuetype=\"data\" />");
            xml.AppendLine("        <param name=\"trackID\" value=\"1\" valuetype=\"data\" />");
            xml.AppendLine("        <param name=\"trackName\" value=\"video\" valuetype=\"data\" />");
            xml.AppendLine("      </video>");
        }

        xml.AppendLine("    </switch>");
        xml.AppendLine("  </body>");
        xml.AppendLine("</smil>");
        return xml.ToString();
    }
}
