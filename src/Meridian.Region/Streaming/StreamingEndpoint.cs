using System.Buffers;
using System.Globalization;
using System.Text;
using Meridian.Media;
using Meridian.Media.Cmaf;
using Meridian.Media.Packaging;
using Meridian.Media.Packaging.Dash;
using Meridian.Media.Packaging.Hls;
using Meridian.Media.Packaging.Smooth;
using Meridian.Media.Smooth;
using Meridian.Media.Ts;
using Meridian.Region.ControlPlane.StreamingPolicies;
using Meridian.Region.Hosting;
using Meridian.Region.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Meridian.Region.Streaming;

/// <summary>
/// The streaming endpoint (dynamic packaging origin): answers the AMS URL forms for HLS (TS and CMAF), DASH, Smooth and
/// progressive download from the MP4 files of the locator's asset, packaging at request time. Output depends only on the
/// asset's bytes and the URL, so every region answers byte-identical bodies and ETags.
/// </summary>
public sealed partial class StreamingEndpoint(
    LocatorResolver locators,
    AssetPresentations assets,
    IBlobStore blobs,
    RegionContext region,
    OriginOptions options,
    ILogger<StreamingEndpoint> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            if (HttpMethods.IsOptions(context.Request.Method))
            {
                OriginHttp.WritePreflight(context);
                return;
            }

            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.Headers.Allow = "GET, HEAD, OPTIONS";
                throw new OriginException(405, "MPE_METHOD_NOT_ALLOWED", "The streaming endpoint answers GET, HEAD and OPTIONS.");
            }

            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
            var query = raw.IndexOf('?', StringComparison.Ordinal);
            var path = query >= 0 ? raw[..query] : raw;
            if (path is "/" or "")
            {
                // A health probe of the endpoint itself (traffic managers probe "/").
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }

            var request = StreamingUrlParser.Parse(path);
            var resolved = await locators.ResolveAsync(request, context.RequestAborted);
            if (NotImplemented(request, resolved.Scheme) is { } reason)
            {
                throw new OriginException(501, "MPE_ENC_NOT_IMPLEMENTED", reason);
            }

            await ServeAsync(context, path, request, resolved);
        }
        catch (OriginException error) when (!context.Response.HasStarted)
        {
            await OriginHttp.WriteErrorAsync(context, error);
        }
        catch (MediaFormatException error) when (!context.Response.HasStarted)
        {
            await OriginHttp.WriteErrorAsync(context, new OriginException(415, "MPE_MEDIA_FORMAT_NOT_SUPPORTED", error.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            LogFailure(logger, context.Request.Path, error);
            await OriginHttp.WriteErrorAsync(context, new OriginException(500, "MPE_INTERNAL_ERROR", "The origin failed to answer this request."));
        }
    }

    private async Task ServeAsync(HttpContext context, string path, StreamingRequest request, ResolvedLocator resolved)
    {
        if (request.Kind == StreamingResourceKind.Download)
        {
            await ServeDownloadAsync(context, request, resolved);
            return;
        }

        var duration = request.SegmentDurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var asset = await assets.GetAsync(resolved.Container, request.ManifestName!, duration, resolved.TrackFilter, context.RequestAborted);
        var urls = new AmsUrlPolicy(SubUrlArguments(request));
        var maxAge = resolved.MaxCacheAgeSeconds;
        var keyDelivery = options.KeyDeliveryBaseFor(region.Addresses.KeyDelivery);
        var envelope = resolved.Scheme == EncryptionScheme.EnvelopeEncryption
            ? new EnvelopeProtection(resolved, request.LocatorId, keyDelivery)
            : null;
        var sampleAes = resolved.Scheme == EncryptionScheme.CommonEncryptionCbcs && request.Format is StreamingFormat.HlsTs or StreamingFormat.HlsTsV3
            ? new SampleAesProtection(resolved, request.LocatorId, keyDelivery, asset.Presentation, request.Format == StreamingFormat.HlsTsV3)
            : null;
        var common = sampleAes is null && resolved.Scheme is EncryptionScheme.CommonEncryptionCenc or EncryptionScheme.CommonEncryptionCbcs
            ? new CommonEncryptionProtection(resolved, request.LocatorId, keyDelivery)
            : null;
        common?.UsePresentation(asset.Presentation);
        envelope?.UsePresentation(asset.Presentation);
        var hlsProtection = (IManifestProtection?)envelope ?? (IManifestProtection?)sampleAes ?? common;
        var cacheKey = asset.CacheKey(resolved.Generation, path);
        switch (request.Kind)
        {
            case StreamingResourceKind.Manifest:
            case StreamingResourceKind.TrackManifest:
                {
                    var manifest = assets.Manifests.GetOrRender(cacheKey, () => RenderManifest(request, asset, urls, envelope, common, hlsProtection));
                    await OriginHttp.WriteAsync(context, manifest.Body, manifest.ContentType, maxAge, manifest.ETag);
                    return;
                }

            default:
                await ServeFragmentAsync(context, cacheKey, request, asset, envelope, common, sampleAes, maxAge);
                return;
        }
    }

    private static RenderedManifest RenderManifest(
        StreamingRequest request, PackagedAsset asset, AmsUrlPolicy urls, EnvelopeProtection? envelope, CommonEncryptionProtection? common,
        IManifestProtection? hlsProtection)
    {
        string text, contentType;
        if (request.Kind == StreamingResourceKind.Manifest)
        {
            (text, contentType) = request.Protocol switch
            {
                StreamingProtocolFamily.Hls => (HlsPlaylistWriter.WriteMaster(asset.Plan, HlsOptionsFor(request), urls), HlsContentType),
                StreamingProtocolFamily.Dash => (DashManifestWriter.Write(asset.Plan, new DashOptions { Cmaf = request.Format == StreamingFormat.DashCmaf }, urls,
                    (IManifestProtection?)envelope ?? common),
                    "application/dash+xml"),
                _ => (SmoothManifestWriter.Write(asset.Plan, new SmoothOptions { Version20 = request.Format == StreamingFormat.SmoothV20 }, urls,
                    (IManifestProtection?)envelope ?? common),
                    "text/xml; charset=utf-8"),
            };
        }
        else
        {
            if (request.Protocol != StreamingProtocolFamily.Hls)
            {
                throw OriginException.BadUrl("QualityLevels(...)/Manifest(...) is an HLS playlist; use an m3u8 format.");
            }

            var track = FindTrack(asset, request);
            RequireKeyFrameTrack(request, track);
            text = request.Keyframes
                ? HlsPlaylistWriter.WriteIFrames(asset.Plan, track, HlsOptionsFor(request), urls, hlsProtection)
                : HlsPlaylistWriter.WriteMedia(asset.Plan, track, HlsOptionsFor(request), urls, hlsProtection);
            contentType = HlsContentType;
        }

        var body = Encoding.UTF8.GetBytes(text);
        return new RenderedManifest(body, OriginHttp.ETagOf(body), contentType);
    }

    private async Task ServeFragmentAsync(
        HttpContext context, string cacheKey, StreamingRequest request, PackagedAsset asset, EnvelopeProtection? envelope,
        CommonEncryptionProtection? common, SampleAesProtection? sampleAes, long? maxAge)
    {
        var track = FindTrack(asset, request);
        RequireKeyFrameTrack(request, track);
        var isVideo = track.Kind == TrackKind.Video;
        if (request.Init)
        {
            using var init = new PooledBufferWriter(4096);
            if (!request.IsCmaf)
            {
                throw new OriginException(404, "MPE_FRAGMENT_TIMESTAMP_NOT_FOUND", "Only CMAF formats have init segments.");
            }

            CmafInitSegmentWriter.Write(track.Track, init, common?.For(track));
            if (request.Protocol == StreamingProtocolFamily.Dash && envelope?.KeyFor(track) is { } initKey)
            {
                await OriginHttp.WriteAsync(context, EnvelopeProtection.Encrypt(initKey, envelope.DashIv(initKey), init.WrittenMemory.Span),
                    isVideo ? "video/mp4" : "audio/mp4", maxAge);
                return;
            }

            await OriginHttp.WriteAsync(context, init.WrittenMemory, isVideo ? "video/mp4" : "audio/mp4", maxAge);
            return;
        }

        var segments = asset.Plan[track];
        var time = request.Time!.Value;
        var hls = request.Protocol == StreamingProtocolFamily.Hls;
        MediaSegment segment;
        int first, count;
        if (request.Keyframes)
        {
            // I-frame playlists name every key frame, most of which sit inside a segment rather than at its start.
            var frame = segments.FindKeyFrame(time, trackTimescale: hls) ??
                throw OriginException.FragmentNotFound($"No key frame of '{track.Name}' is at {time}.");
            segment = segments.FindBySample(frame.Sample)!.Value;
            (first, count) = (frame.Sample, 1);
        }
        else
        {
            segment = (hls ? segments.FindByTrackStart(time) : segments.FindByStart(time)) ??
                throw OriginException.FragmentNotFound($"No fragment of '{track.Name}' starts at {time}.");
            (first, count) = (segment.FirstSample, segment.SampleCount);
        }

        var contentType = request.Format is StreamingFormat.HlsTs or StreamingFormat.HlsTsV3 ? "video/mp2t" : isVideo ? "video/mp4" : "audio/mp4";
        var knownETag = assets.SegmentETags.Find(cacheKey);
        if (knownETag is not null && OriginHttp.TryWriteNotModified(context, knownETag, contentType, maxAge))
        {
            return;
        }

        if (knownETag is not null && envelope is null && IsCmafSegment(request.Format) && OriginHttp.CanStreamSegment(context.Request))
        {
            // Validator (and, encrypted, the plan) known from an earlier build: the samples go straight into the send buffer,
            // read or encrypted there. An encrypted segment whose plan was dropped is built again below, which keeps it anew.
            var cenc = common?.For(track);
            var plan = cenc is null ? null : assets.SegmentPlans.Find(cacheKey);
            if (cenc is null || (plan is not null && plan.FirstSample == first && plan.SampleCount == count))
            {
                await StreamSegmentAsync(context, asset, track, cenc, plan, first, count, (uint)segment.Index + 1, contentType, maxAge, knownETag);
                return;
            }
        }

        // Sized for the payload plus container overhead, so the segment is built without regrowing the buffer.
        using var output = new PooledBufferWriter((int)Math.Min(segments.Bytes(segment) * 9 / 8 + 16 * 1024, 256L * 1024 * 1024));

        // The boxes of an encrypted CMAF segment, whose samples are encrypted in output before the boxes can be written;
        // empty otherwise. The body is the two back to back.
        using var boxes = new PooledBufferWriter(0);
        using (var source = assets.Open(asset.Container, track.SourceFile))
        {
            switch (request.Format)
            {
                case StreamingFormat.HlsTs:
                    {
                        var input = new TsTrackInput(source, track.Track, first, count) { Encryption = sampleAes?.KeyFor(track) };
                        await TsSegmentWriter.WriteAsync(isVideo ? input : null, isVideo ? null : input, segment.Index, output, context.RequestAborted);
                        break;
                    }

                case StreamingFormat.HlsTsV3:
                    await WriteMuxedTsAsync(asset, track, source, segment, first, count, sampleAes, output, context.RequestAborted);
                    break;
                case StreamingFormat.Smooth or StreamingFormat.SmoothV20:
                    {
                        common?.RequireOneSmoothKey();
                        using var encryptor = common?.For(track)?.CreateSmoothEncryptor(track.Track);
                        await SmoothFragmentWriter.WriteAsync(source, track.Track, first, count, (uint)segment.Index + 1, output, encryptor,
                            context.RequestAborted);
                        break;
                    }
                default:
                    {
                        using var encryptor = common?.For(track)?.CreateEncryptor(track.Track);
                        if (encryptor is null)
                        {
                            await CmafMediaSegmentWriter.WriteAsync(source, track.Track, first, count, (uint)segment.Index + 1, output, null,
                                context.RequestAborted);
                            break;
                        }

                        // The samples are read into place and encrypted there a piece at a time, while still in cache, so they pass
                        // through memory as often as clear ones; the boxes, which describe them, follow. The plan is kept, so
                        // repeat requests skip planning and encrypt in the send buffer (StreamSegmentAsync).
                        var length = CmafMediaSegmentWriter.PayloadLength(track.Track, first, count);
                        await encryptor.ReadAndEncryptAsync(source, first, count, output.GetMemory(length), context.RequestAborted);
                        output.Advance(length);
                        CmafMediaSegmentWriter.WriteTransformedHeader(track.Track, first, count, (uint)segment.Index + 1, boxes, encryptor);
                        if (assets.SegmentPlans.Wants(cacheKey))
                        {
                            // Not for a HEAD or range of a segment already planned, nor with the cache off.
                            assets.SegmentPlans.Remember(cacheKey, encryptor.ExportPlan(boxes.WrittenMemory.Span));
                        }
                        break;
                    }
            }
        }

        if (envelope?.KeyFor(track) is { } key)
        {
            var iv = request.Protocol == StreamingProtocolFamily.Dash ? envelope.DashIv(key)
                : request.Protocol == StreamingProtocolFamily.Smooth ? envelope.SmoothIv(envelope.SmoothKey()!)
                : request.Keyframes ? envelope.KeyFrameIv(key, track, first)
                : envelope.SegmentIv(key, track, segment.Index);
            var length = Meridian.Media.Crypto.SegmentEncryption.EncryptedLength(output.WrittenMemory.Length);
            if (knownETag is not null && OriginHttp.CanStreamSegment(context.Request))
            {
                // Validator known: the CBC pass writes straight into the send buffer, so it is the body's only copy.
                await OriginHttp.WriteSegmentAsync(context, ReadOnlyMemory<byte>.Empty, length,
                    payload =>
                    {
                        EnvelopeProtection.Encrypt(key, iv, output.WrittenMemory.Span, payload.Span);
                        return ValueTask.CompletedTask;
                    },
                    contentType, maxAge, knownETag);
                return;
            }

            // Pooled: a fresh array per segment would be a large-object allocation (and a gen 2 collection now and then).
            var encrypted = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var body = encrypted.AsMemory(0, EnvelopeProtection.Encrypt(key, iv, output.WrittenMemory.Span, encrypted));
                await OriginHttp.WriteAsync(context, body, contentType, maxAge, knownETag ?? assets.SegmentETags.Remember(cacheKey, OriginHttp.ETagOf(body.Span)));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(encrypted);
            }

            return;
        }

        await OriginHttp.WriteAsync(context, boxes.WrittenMemory, output.WrittenMemory, contentType, maxAge,
            knownETag ?? assets.SegmentETags.Remember(cacheKey, OriginHttp.ETagOf(boxes.WrittenMemory.Span, output.WrittenMemory.Span)));
    }

    private async Task StreamSegmentAsync(
        HttpContext context, PackagedAsset asset, PresentationTrack track, Meridian.Media.Crypto.CencProtection? cenc,
        Meridian.Media.Crypto.CencSegmentPlan? plan, int first, int count, uint sequenceNumber, string contentType, long? maxAge, string etag)
    {
        using var source = assets.Open(asset.Container, track.SourceFile);
        if (cenc is null)
        {
            using var header = new PooledBufferWriter(16 * 1024);
            var total = CmafMediaSegmentWriter.WriteClearHeader(track.Track, first, count, sequenceNumber, header);
            await OriginHttp.WriteSegmentAsync(context, header.WrittenMemory, total,
                payload => CmafMediaSegmentWriter.ReadSamplesAsync(source, track.Track, first, count, payload, context.RequestAborted),
                contentType, maxAge, etag);
            return;
        }

        using var encryptor = cenc.CreateEncryptor(track.Track);
        await OriginHttp.WriteSegmentAsync(context, plan!.Header, plan.PayloadLength,
            payload => encryptor.ReadEncryptedAsync(source, plan, payload, context.RequestAborted), contentType, maxAge, etag);
    }

    private static bool IsCmafSegment(StreamingFormat format) =>
        format is not (StreamingFormat.HlsTs or StreamingFormat.HlsTsV3 or StreamingFormat.Smooth or StreamingFormat.SmoothV20);

    // HLS v3: the default audio is muxed into each video segment, cut at the same presentation times.
    private async Task WriteMuxedTsAsync(
        PackagedAsset asset, PresentationTrack track, BlobRandomAccessSource source, MediaSegment segment, int first, int count,
        SampleAesProtection? sampleAes, PooledBufferWriter output, CancellationToken cancellationToken)
    {
        var audio = track.Kind == TrackKind.Video ? HlsPlaylistWriter.DefaultAudio(asset.Presentation) : null;
        var input = new TsTrackInput(source, track.Track, first, count) { Encryption = sampleAes?.KeyFor(track) };
        if (audio is null)
        {
            await TsSegmentWriter.WriteAsync(
                track.Kind == TrackKind.Video ? input : null, track.Kind == TrackKind.Video ? null : input, segment.Index, output, cancellationToken);
            return;
        }

        // The first and last segments take all audio before and after the video, so audio that starts earlier (video with
        // an uncompensated composition offset) or ends later is not cut.
        var videoSegments = asset.Plan[track].Segments;
        var (audioFirst, audioCount) = asset.Plan[audio].SampleRange(
            segment.Index == 0 ? long.MinValue : segment.Start,
            segment.Index == videoSegments.Count - 1 ? long.MaxValue : segment.End);
        using var audioSource = audio.SourceFile == track.SourceFile ? null : assets.Open(asset.Container, audio.SourceFile);
        await TsSegmentWriter.WriteAsync(
            input,
            audioCount > 0
                ? new TsTrackInput((Media.Sources.IRandomAccessSource?)audioSource ?? source, audio.Track, audioFirst, audioCount) { Encryption = sampleAes?.KeyFor(audio) }
                : null,
            segment.Index, output, cancellationToken);
    }

    private async Task ServeDownloadAsync(HttpContext context, StreamingRequest request, ResolvedLocator resolved)
    {
        var file = request.FileName!;
        if (file.EndsWith(".ism", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".ismc", StringComparison.OrdinalIgnoreCase) ||
            file.EndsWith(".mpi", StringComparison.OrdinalIgnoreCase))
        {
            throw OriginException.NotFound("Server manifests and index files cannot be downloaded.");
        }

        if (BlobNames.PlainNameError(file) is not null)
        {
            throw OriginException.BadUrl("The file name is not valid.");
        }

        using var handle = blobs.OpenRead(resolved.Container, file) ??
            throw new OriginException(404, "MPE_STORAGE_RESOURCE_NOT_FOUND", $"The asset has no file '{file}'.");
        var etag = await DownloadETags.GetAsync(handle, context.RequestAborted);
        await OriginHttp.WriteFileAsync(context, (offset, buffer, ct) => handle.ReadAsync(offset, buffer, ct), handle.Length, etag,
            ContentTypes.ForFile(file), resolved.MaxCacheAgeSeconds);
    }

    // Scheme and format pairs this origin does not package: why (for a 501), or null.
    private static string? NotImplemented(StreamingRequest request, EncryptionScheme scheme) => scheme switch
    {
        EncryptionScheme.CommonEncryptionCenc when request.Format is StreamingFormat.HlsTs or StreamingFormat.HlsTsV3 =>
            "encryption=cenc on MPEG-TS (PlayReady on HLS TS) is not supported; use format=m3u8-cmaf,encryption=cenc or DASH.",
        EncryptionScheme.CommonEncryptionCbcs when request.Protocol == StreamingProtocolFamily.Smooth =>
            "Smooth Streaming has no cbcs encryption; use encryption=cenc or encryption=cbc.",
        _ => null,
    };

    /// <summary>
    /// I-frame playlists and their fragments (<c>type=keyframes</c>) exist for video only (RFC 8216 §4.3.4.2): every
    /// audio frame is a sync sample, and one URL per frame cannot carry primed frames that share a timestamp.
    /// </summary>
    private static void RequireKeyFrameTrack(StreamingRequest request, PresentationTrack track)
    {
        if (request.Keyframes && track.Kind != TrackKind.Video)
        {
            throw OriginException.TrackNotFound($"'{track.Name}' is not a video track; I-frame playlists (type=keyframes) exist only for video.");
        }
    }

    private static PresentationTrack FindTrack(PackagedAsset asset, StreamingRequest request) =>
        asset.Presentation.FindTrack(request.TrackName!, request.Bitrate!.Value) ??
        throw OriginException.TrackNotFound($"The asset has no track '{request.TrackName}' at QualityLevels({request.Bitrate}).");

    private static HlsOptions HlsOptionsFor(StreamingRequest request) => new()
    {
        Mode = request.Format switch
        {
            StreamingFormat.HlsCmaf => HlsMode.Cmaf,
            StreamingFormat.HlsTsV3 => HlsMode.TsMuxed,
            _ => HlsMode.Ts,
        },
        AudioOnlyVariant = request.AudioOnly,
    };

    // The arguments every sub-URL carries, in one canonical order so all regions write the same manifests.
    private static string SubUrlArguments(StreamingRequest request)
    {
        var parts = new List<string>();
        var format = request.Format switch
        {
            StreamingFormat.HlsTs => "m3u8-aapl",
            StreamingFormat.HlsTsV3 => "m3u8-aapl-v3",
            StreamingFormat.HlsCmaf => "m3u8-cmaf",
            StreamingFormat.DashCsf => "mpd-time-csf",
            StreamingFormat.DashCmaf => "mpd-time-cmaf",
            StreamingFormat.SmoothV20 => "fmp4-v20",
            _ => null,
        };
        if (format is not null)
        {
            parts.Add("format=" + format);
        }

        if (request.Encryption is { } encryption)
        {
            parts.Add("encryption=" + encryption);
        }

        if (request.Filters.Count > 0)
        {
            parts.Add("filter=" + string.Join(';', request.Filters));
        }

        if (request.SegmentDurationSeconds is { } seconds)
        {
            parts.Add("segment-duration=" + seconds.ToString(CultureInfo.InvariantCulture));
        }

        return string.Join(',', parts);
    }

    private const string HlsContentType = "application/vnd.apple.mpegurl";

    [LoggerMessage(1, LogLevel.Error, "The origin failed on {Path}")]
    private static partial void LogFailure(ILogger logger, string path, Exception error);
}
