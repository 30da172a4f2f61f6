using System.Xml;
using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Encoder;
using Meridian.Region.Storage;

namespace Meridian.Region.ControlPlane.Transforms;

/// <summary>
/// Transforms (<c>transforms/{name}</c>): up to 20 outputs, each a preset with <c>onError</c> and <c>relativePriority</c>.
/// Deleting a transform deletes its jobs (the job store lies under the transform).
/// </summary>
public sealed class TransformKind(JobCancellations cancellations) : ResourceKind<TransformProperties>
{
    public const string CollectionName = "transforms";

    public const int MaxOutputs = 20;

    public override string Collection => CollectionName;

    public override string DisplayName => "transform";

    public override IReadOnlySet<string> Filterable { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "properties/created", "properties/lastModified",
    };

    protected override TransformProperties Create(ResourceRequest request, ResourceDocument document, TransformProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Validate(incoming) with { Created = request.Now, LastModified = request.Now };
    }

    protected override TransformProperties Update(ResourceRequest request, ResourceDocument document, TransformProperties current, TransformProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(current);
        return Validate(incoming) with { Created = current.Created, LastModified = request.Now };
    }

    public override void OnDeleting(ResourceRequest request, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        foreach (var job in request.Session.List($"{request.Account.Scope}/transforms/{document.Name.ToLowerInvariant()}", "jobs"))
        {
            var key = EncodingQueueEntry.KeyOf(request.Account, document.Name, job.Key.Name);
            EncodingQueue.Remove(request.Session, key);
            request.AfterCommit.Add(() => cancellations.CancelAsync(key));
        }
    }

    private static TransformProperties Validate(TransformProperties incoming)
    {
        if (incoming.Outputs is not { Count: > 0 } outputs)
        {
            throw ArmException.BadRequest("A transform needs at least one output.", "properties.outputs");
        }

        if (outputs.Count > MaxOutputs)
        {
            throw ArmException.BadRequest($"A transform has at most {MaxOutputs} outputs.", "properties.outputs");
        }

        if (incoming.Description is { Length: > 4096 })
        {
            throw ArmException.BadRequest("'description' is longer than 4096 characters.", "properties.description");
        }

        var checkedOutputs = new List<TransformOutput>();
        for (var i = 0; i < outputs.Count; i++)
        {
            var output = outputs[i] ?? throw ArmException.BadRequest("An output cannot be null.", $"properties.outputs[{i}]");
            ValidatePreset(output.Preset, $"properties.outputs[{i}].preset");
            checkedOutputs.Add(output with
            {
                OnError = output.OnError ?? OnErrorType.StopProcessingJob,
                RelativePriority = output.RelativePriority ?? Priority.Normal,
            });
        }

        return incoming with { Outputs = checkedOutputs };
    }

    private static void ValidatePreset(Preset? preset, string target)
    {
        switch (preset)
        {
            case null:
                throw ArmException.BadRequest("Each output needs a 'preset'.", target);
            case BuiltInStandardEncoderPreset:
                return;
            case StandardEncoderPreset standard:
                ValidateStandard(standard, target);
                return;
            default:
                throw ArmException.BadRequest("The preset type is not supported.", target);
        }
    }

    private static void ValidateStandard(StandardEncoderPreset preset, string target)
    {
        if (preset.Codecs is not { Count: > 0 } codecs)
        {
            throw ArmException.BadRequest("A StandardEncoderPreset needs at least one codec.", $"{target}.codecs");
        }

        if (preset.Formats is not { Count: > 0 } formats || formats.Any(f => f is not Mp4Format))
        {
            throw ArmException.BadRequest("A StandardEncoderPreset needs at least one format, and only Mp4Format is supported.", $"{target}.formats");
        }

        if (codecs.OfType<VideoCodec>().Count() > 1 || codecs.OfType<AacAudio>().Count() > 1)
        {
            throw ArmException.BadRequest("At most one video codec and one AacAudio codec are supported.", $"{target}.codecs");
        }

        for (var c = 0; c < codecs.Count; c++)
        {
            var where = $"{target}.codecs[{c}]";
            switch (codecs[c])
            {
                case VideoCodec video:
                    if (video.KeyFrameInterval is { } interval && (ParseDuration(interval) is not { } gop || gop < TimeSpan.FromSeconds(0.5) || gop > TimeSpan.FromSeconds(20)))
                    {
                        throw ArmException.BadRequest($"'keyFrameInterval' must be an ISO 8601 duration from PT0.5S to PT20S, not '{interval}'.", $"{where}.keyFrameInterval");
                    }

                    if (video.Layers is not { Count: > 0 } layers)
                    {
                        throw ArmException.BadRequest("A video codec needs at least one layer.", $"{where}.layers");
                    }

                    for (var l = 0; l < layers.Count; l++)
                    {
                        var layer = layers[l];
                        if (layer is null || layer.Bitrate is not (>= 10_000 and <= 100_000_000))
                        {
                            throw ArmException.BadRequest("Each layer needs a 'bitrate' from 10000 to 100000000 bits per second.", $"{where}.layers[{l}].bitrate");
                        }

                        if (!IsSize(layer.Width) || !IsSize(layer.Height))
                        {
                            throw ArmException.BadRequest("'width' and 'height' must be pixels (e.g. \"1280\") or a percentage (e.g. \"50%\").", $"{where}.layers[{l}]");
                        }
                    }

                    break;
                case AacAudio audio:
                    if (audio.Bitrate is { } bitrate and not (>= 8_000 and <= 512_000))
                    {
                        throw ArmException.BadRequest("The AAC 'bitrate' must be 8000 to 512000 bits per second.", $"{where}.bitrate");
                    }

                    if (audio.Channels is { } channels and not (>= 1 and <= 8))
                    {
                        throw ArmException.BadRequest("'channels' must be 1 to 8.", $"{where}.channels");
                    }

                    break;
                default:
                    throw ArmException.BadRequest("The codec is not supported.", where);
            }
        }

        for (var f = 0; f < formats.Count; f++)
        {
            if (formats[f].FilenamePattern is { } pattern)
            {
                ValidateFilenamePattern(pattern, codecs, $"{target}.formats[{f}].filenamePattern");
            }
        }
    }

    /// <summary>Each file the pattern can name, with every label the codecs give it, must be a plain file name.</summary>
    private static void ValidateFilenamePattern(string pattern, IReadOnlyList<Codec> codecs, string where)
    {
        var names = new List<string>();
        foreach (var codec in codecs)
        {
            switch (codec)
            {
                case VideoCodec video:
                    names.AddRange((video.Layers ?? []).Select(layer =>
                        OutputFileName.Expand(pattern, "input", layer.Label ?? video.Label ?? "Video", 1000, "h264", "1920x1080")));
                    break;
                case AacAudio audio:
                    names.Add(OutputFileName.Expand(pattern, "input", audio.Label ?? "AACAudio", 128, "AAC", ""));
                    break;
            }
        }

        foreach (var name in names)
        {
            if (BlobNames.PlainNameError(name) is { } error)
            {
                throw ArmException.BadRequest(
                    $"The filenamePattern gives the file name '{name}', which cannot be used: {error}. Output files are plain names in the output asset.",
                    where);
            }
        }
    }

    private static bool IsSize(string? value)
    {
        if (value is null)
        {
            return true;
        }

        var number = value.EndsWith('%') ? value[..^1] : value;
        return int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) &&
            n > 0 && n <= (value.EndsWith('%') ? 100 : 8192);
    }

    /// <summary>An ISO 8601 duration, or null if the text is not one.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
