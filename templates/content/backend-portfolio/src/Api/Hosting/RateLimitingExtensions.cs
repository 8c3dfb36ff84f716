using System.Net;
using System.Threading.RateLimiting;

namespace PortfolioSample.Api.Hosting;

internal static class RateLimitingExtensions
{
    public const string PolicyName = "per-client";

    /// <summary>
    /// A fixed window per client address, sized from the RateLimiting section. Clients over the limit get
    /// 429 with a Retry-After header instead of degrading the service for everybody else.
    /// </summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permitLimit = configuration.GetValue("RateLimiting:PermitLimit", 100);
        var window = TimeSpan.FromSeconds(configuration.GetValue("RateLimiting:WindowSeconds", 10));

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            // Partitioned on the address itself: IPAddress compares by value, so no string is built per request.
            // Requests without a remote address (in-process test servers) share the partition of IPAddress.None.
            options.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress ?? IPAddress.None,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 }));
        });
        return services;
    }
}
