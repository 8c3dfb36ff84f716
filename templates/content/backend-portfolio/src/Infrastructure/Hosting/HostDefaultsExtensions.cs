using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure.Hosting;

public static class HostDefaultsExtensions
{
    /// <summary>
    /// What every host of this solution starts with: the "HostOptions" section, the system clock, and the database that
    /// ConnectionStrings:Database names. Throws a <see cref="DatabaseNotConfiguredException"/> that says how to set the
    /// connection string when it is missing.
    /// </summary>
    public static IHostApplicationBuilder AddHostDefaults(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // How long stopping (SIGTERM from `docker stop` or Kubernetes) waits for the work in hand: requests in flight,
        // a batch being handled. The default is 30 s; the hosting defaults do not read the "HostOptions" section of
        // appsettings.json by themselves, and this makes it the one place to change it (deploy/k8s gives pods longer).
        builder.Services.Configure<HostOptions>(builder.Configuration.GetSection("HostOptions"));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddPersistence();
        return builder;
    }
}
