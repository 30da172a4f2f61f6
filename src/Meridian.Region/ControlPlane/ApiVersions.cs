using Meridian.Region.ControlPlane.Arm;
using Microsoft.AspNetCore.Http;

namespace Meridian.Region.ControlPlane;

/// <summary>
/// The Microsoft.Media api-versions the control plane answers: every GA version of AMS v3. From 2021-06-01 on their
/// shapes agree on every resource served here. The earlier ones (2018-07-01 of the first v3 SDKs, 2020-05-01,
/// 2021-05-01) lack only properties that were added later (systemData, keyDelivery, ...), which their clients ignore
/// in responses and never send.
/// </summary>
public sealed class ApiVersions(RequestDelegate next)
{
    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "2018-07-01", "2020-05-01", "2021-05-01",
        "2021-06-01", "2021-11-01", "2022-07-01", "2022-08-01", "2022-11-01", "2023-01-01",
    };

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = context.Request.Query["api-version"];
        if (version.Count == 0 || string.IsNullOrEmpty(version[0]))
        {
            throw new ArmException(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
        }

        if (version.Count > 1 || !Supported.Contains(version[0]!))
        {
            throw new ArmException(400, "InvalidApiVersionParameter",
                $"The api-version '{version}' is invalid. The supported versions are '{string.Join(",", Supported.Order(StringComparer.Ordinal))}'.");
        }

        return next(context);
    }
}
