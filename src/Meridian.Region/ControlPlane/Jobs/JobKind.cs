using Meridian.Region.ControlPlane.Arm;
using Meridian.Region.ControlPlane.Assets;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.Transforms;
using Meridian.Region.Encoder;

namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>
/// Jobs (<c>transforms/{t}/jobs/{j}</c>): one input, one output asset per transform output. Creating a job queues it in the
/// same transaction; PATCH/PUT change only <c>description</c> and <c>priority</c>, and only while the job is Queued.
/// Deleting a job that runs stops its encoder.
/// </summary>
public sealed class JobKind(AssetKind assets, TransformKind transforms, EncodingWakeup wakeup, JobCancellations cancellations) : ResourceKind<JobProperties>
{
    public const string CollectionName = "jobs";

    public override string Collection => CollectionName;

    public override string ArmType => "Microsoft.Media/mediaservices/transforms/jobs";

    public override string DisplayName => "job";

    public override string? ParentCollection => TransformKind.CollectionName;

    public override IReadOnlySet<string> Filterable { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "name", "properties/state", "properties/created", "properties/lastModified",
    };

    protected override JobProperties Create(ResourceRequest request, ResourceDocument document, JobProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        var transform = request.Require(transforms, request.ParentName!).Get<TransformProperties>();
        ValidateInput(request, incoming.Input);
        CheckText(incoming);
        var transformOutputs = transform.Outputs ?? [];
        if (incoming.Outputs is not { Count: > 0 } outputs)
        {
            throw ArmException.BadRequest("A job needs 'outputs'.", "properties.outputs");
        }

        if (outputs.Count != transformOutputs.Count)
        {
            throw ArmException.BadRequest(
                $"The job has {outputs.Count} outputs but the transform '{request.ParentName}' has {transformOutputs.Count}; give one per transform output.",
                "properties.outputs");
        }

        var checkedOutputs = new List<JobOutput>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i] is not JobOutputAsset { AssetName: { Length: > 0 } assetName } output)
            {
                throw ArmException.BadRequest("Each output must be a #Microsoft.Media.JobOutputAsset with an 'assetName'.", $"properties.outputs[{i}]");
            }

            request.Require(assets, assetName, target: $"properties.outputs[{i}].assetName");
            if (!names.Add(assetName))
            {
                throw ArmException.BadRequest($"The asset '{assetName}' is named by two outputs.", $"properties.outputs[{i}].assetName");
            }

            var presetType = transformOutputs[i].Preset switch
            {
                StandardEncoderPreset => "StandardEncoderPreset",
                _ => "BuiltInStandardEncoderPreset",
            };
            checkedOutputs.Add(output with
            {
                Label = string.IsNullOrEmpty(output.Label) ? $"{presetType}_{i}" : output.Label,
                State = JobStates.Queued,
                Progress = 0,
                Error = null,
                StartTime = null,
                EndTime = null,
            });
        }

        var entry = new EncodingQueueEntry
        {
            Subscription = request.Account.Subscription,
            ResourceGroup = request.Account.ResourceGroup,
            Account = request.Account.Account,
            Transform = request.ParentName!,
            Job = document.Name,
            Priority = (int)incoming.Priority,
            Enqueued = request.Now,
        };
        EncodingQueue.Put(request.Session, entry);
        request.AfterCommit.Add(() =>
        {
            wakeup.Wake();
            return Task.CompletedTask;
        });

        return incoming with
        {
            Created = request.Now,
            LastModified = request.Now,
            State = JobStates.Queued,
            Outputs = checkedOutputs,
            CorrelationData = incoming.CorrelationData ?? new Dictionary<string, string>(),
            StartTime = null,
            EndTime = null,
        };
    }

    protected override JobProperties Update(ResourceRequest request, ResourceDocument document, JobProperties current, JobProperties incoming)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(incoming);
        CheckText(incoming);

        // Only description and priority change on an existing job (AMS's Jobs_Update); a body naming another input or
        // other outputs is a new job, which silently keeping the old one would hide.
        if (!System.Text.Json.Nodes.JsonNode.DeepEquals(ArmJson.ToNode(Shown(incoming.Input)), ArmJson.ToNode(Shown(current.Input))))
        {
            throw ArmException.BadRequest("The input of an existing job cannot change; create a job with another name.", "properties.input");
        }

        if (!(incoming.Outputs ?? []).Select(OutputAsset).SequenceEqual((current.Outputs ?? []).Select(OutputAsset), StringComparer.OrdinalIgnoreCase))
        {
            throw ArmException.BadRequest("The outputs of an existing job cannot change; create a job with another name.", "properties.outputs");
        }

        if (incoming.Description != current.Description || incoming.Priority != current.Priority)
        {
            if (current.State != JobStates.Queued)
            {
                throw ArmException.Conflict($"The job is {current.State}; 'description' and 'priority' can only change while it is Queued.", "properties.state");
            }

            var key = EncodingQueueEntry.KeyOf(request.Account, request.ParentName!, document.Name);
            if (EncodingQueue.Get(request.Session, key) is { } entry)
            {
                EncodingQueue.Put(request.Session, entry with { Priority = (int)incoming.Priority });
            }
        }

        return current with { Description = incoming.Description, Priority = incoming.Priority, LastModified = request.Now };
    }

    /// <summary>The query of an HTTP input (often a SAS) is a secret: AMS does not echo it back.</summary>
    protected override JobProperties Present(ResourceRequest request, JobProperties stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored with { Input = Shown(stored.Input) };
    }

    /// <summary>An input as responses show it: an HTTP input's queries (often SAS secrets) left out, as AMS does.</summary>
    private static JobInput? Shown(JobInput? input) => input is JobInputHttp http
        ? http with { BaseUri = WithoutQuery(http.BaseUri), Files = http.Files?.Select(f => WithoutQuery(f)!).ToList() }
        : input;

    private static string? OutputAsset(JobOutput? output) => (output as JobOutputAsset)?.AssetName;

    private static string? WithoutQuery(string? url) =>
        url is not null && url.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? url[..q] : url;

    public override void OnDeleting(ResourceRequest request, ResourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(document);
        var key = EncodingQueueEntry.KeyOf(request.Account, request.ParentName!, document.Name);
        EncodingQueue.Remove(request.Session, key);
        request.AfterCommit.Add(() => cancellations.CancelAsync(key));
    }

    private void ValidateInput(ResourceRequest request, JobInput? input)
    {
        switch (input)
        {
            case null:
                throw ArmException.BadRequest("A job needs an 'input'.", "properties.input");
            case JobInputAsset asset:
                if (string.IsNullOrEmpty(asset.AssetName))
                {
                    throw ArmException.BadRequest("A JobInputAsset needs an 'assetName'.", "properties.input.assetName");
                }

                request.Require(assets, asset.AssetName, target: "properties.input.assetName");
                break;
            case JobInputHttp http:
                Uri? parsed;
                try
                {
                    parsed = InputFetcher.InputUri(http);
                }
                catch (UriFormatException)
                {
                    parsed = null;
                }

                if (parsed is null || parsed.Scheme is not ("http" or "https"))
                {
                    throw ArmException.BadRequest("A JobInputHttp needs an absolute http or https 'baseUri'.", "properties.input.baseUri");
                }

                break;
            default:
                throw ArmException.BadRequest("Only #Microsoft.Media.JobInputAsset and #Microsoft.Media.JobInputHttp inputs are supported.", "properties.input");
        }

        var clip = (JobInputClip)input;
        if (clip.Files is { Count: > 1 })
        {
            throw ArmException.BadRequest("An input has at most one file.", "properties.input.files");
        }

        // The encoder takes clip times to the millisecond, so compare them as it will.
        var start = ClipSeconds(clip.Start, "properties.input.start");
        var end = ClipSeconds(clip.End, "properties.input.end");
        if (end is { } e && Math.Round(e.TotalMilliseconds) <= Math.Round(start?.TotalMilliseconds ?? 0))
        {
            throw ArmException.BadRequest("The clip 'end' must be at least a millisecond after its 'start' (or after 0).", "properties.input.end");
        }
    }

    private static TimeSpan? ClipSeconds(ClipTime? time, string target) => time switch
    {
        null => null,
        AbsoluteClipTime { Time: var text } => TransformKind.ParseDuration(text) is { } t && t >= TimeSpan.Zero
            ? t
            : throw ArmException.BadRequest($"'{text}' is not an ISO 8601 duration such as PT10S.", $"{target}.time"),
        _ => throw ArmException.BadRequest("Only #Microsoft.Media.AbsoluteClipTime is supported.", target),
    };

    private static void CheckText(JobProperties incoming)
    {
        if (incoming.Description is { Length: > 4096 })
        {
            throw ArmException.BadRequest("'description' is longer than 4096 characters.", "properties.description");
        }

        if (incoming.CorrelationData is { } data && (data.Count > 50 || data.Any(kv => kv.Key.Length > 256 || kv.Value.Length > 4096)))
        {
            throw ArmException.BadRequest("'correlationData' has at most 50 entries, keys up to 256 and values up to 4096 characters.", "properties.correlationData");
        }
    }
}
