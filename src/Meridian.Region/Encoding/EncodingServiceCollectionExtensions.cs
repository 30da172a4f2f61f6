using Meridian.Region.ControlPlane.Jobs;
using Meridian.Region.ControlPlane.Resources;
using Meridian.Region.ControlPlane.Transforms;
using Meridian.Region.Encoder;
using Meridian.Region.Events;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers transforms, jobs and the encoding workers.</summary>
public static class EncodingServiceCollectionExtensions
{
    public static IServiceCollection AddEncoding(this IServiceCollection services)
    {
        services.TryAddSingleton(new EncodingOptions());
        services.TryAddSingleton<IJobEventSink, NullJobEventSink>();
        services.TryAddSingleton<IFfmpegRunner, FfmpegRunner>();
        services.AddSingleton<EncodingWakeup>();
        services.AddSingleton<JobCancellations>();
        services.AddSingleton<JobRecords>();
        services.AddSingleton<InputFetcher>();
        services.AddSingleton<JobExecutor>();
        services.AddKind<TransformKind>();
        services.AddKind<JobKind>();
        services.AddSingleton<IResourceAction, CancelJobAction>();
        services.AddHostedService<EncodingWorkerService>();
        return services;
    }
}
