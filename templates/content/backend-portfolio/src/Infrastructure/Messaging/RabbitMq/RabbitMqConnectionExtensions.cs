using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PortfolioSample.Infrastructure.Messaging.RabbitMq;

public static class RabbitMqConnectionExtensions
{
    /// <summary>
    /// The one broker connection of this process, configured from the "RabbitMq" connection string and section and
    /// checked at start-up, so that a missing or malformed setting stops the app with its name instead of failing the
    /// first message.
    /// </summary>
    public static IServiceCollection AddRabbitMqConnection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RabbitMqOptions>()
            .Bind(configuration.GetSection(RabbitMqOptions.SectionName))
            .Configure(options =>
            {
                if (configuration.GetConnectionString(RabbitMqOptions.ConnectionStringName) is { Length: > 0 } connectionString)
                {
                    options.ConnectionString = new Uri(connectionString);
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<RabbitMqConnection>();
        return services;
    }
}
