using Meridian.Region.ControlPlane.Jobs;

namespace Meridian.Region.Encoder;

/// <summary>Ends a job output with <see cref="Error"/>.</summary>
public sealed class EncodingFailure : Exception
{
    public EncodingFailure(JobError error)
        : base(error?.Message) => Error = error ?? throw new ArgumentNullException(nameof(error));

    public EncodingFailure(JobError error, Exception inner)
        : base(error?.Message, inner) => Error = error ?? throw new ArgumentNullException(nameof(error));

    public JobError Error { get; }
}
