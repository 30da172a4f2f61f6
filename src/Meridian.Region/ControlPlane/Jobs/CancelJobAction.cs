using System.Text.Json.Nodes;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.Encoder;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane.Jobs;

/// <summary>
/// <c>POST transforms/{t}/jobs/{j}/cancelJob</c>: a job that has not started is Canceled at once; a running one becomes
/// Canceling and its worker stops the encoder, then records Canceled. A finished job is left as it is.
/// </summary>
public sealed class CancelJobAction(JobRecords records, JobCancellations cancellations) : IResourceAction
{
    public string Collection => JobKind.CollectionName;

    public string Name => "cancelJob";

    public IResult Invoke(ResourceRequest request, ResourceDocument resource, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resource);
        var transform = request.ParentName!;
        var current = resource.Get<JobProperties>();
        if (JobStates.IsFinal(current.State) || current.State == JobStates.Canceling)
        {
            return Results.Ok();
        }

        var key = EncodingQueueEntry.KeyOf(request.Account, transform, resource.Name);
        var canceling = With(current, JobStates.Canceling, request.Now, final: false);
        records.Save(request.Session, request.Account, transform, resource, current, canceling);
        if (current.State is JobStates.Queued)
        {
            // Nothing runs it yet: finish the cancel here.
            EncodingQueue.Remove(request.Session, key);
            records.Save(request.Session, request.Account, transform, resource, canceling, With(canceling, JobStates.Canceled, request.Now, final: true));
        }
        else
        {
            request.AfterCommit.Add(() => cancellations.CancelAsync(key));
        }

        return Results.Ok();
    }

    /// <summary>The job and its unfinished outputs in <paramref name="state"/>.</summary>
    public static JobProperties With(JobProperties job, string state, DateTimeOffset now, bool final)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job with
        {
            State = state,
            LastModified = now,
            EndTime = final ? now : job.EndTime,
            Outputs = [.. (job.Outputs ?? []).Select(o => JobStates.IsFinal(o.State) ? o : o with { State = state, EndTime = final ? now : o.EndTime })],
        };
    }
}
