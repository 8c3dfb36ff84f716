using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PortfolioSample.Infrastructure.Messaging.RabbitMq;

public static class RabbitMqMessagingExtensions
{
    /// <summary>
    /// For the API: the outbox dispatcher publishes every committed message to RabbitMQ (the "RabbitMq" connection
    /// string and section, and the "Messaging" section).
    /// </summary>
    public static IServiceCollection AddOutboxPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMessagingOptions(configuration).AddRabbitMqConnection(configuration);
        services.AddSingleton<RabbitMqPublisher>();
        services.AddSingleton<IOutboxDelivery, RabbitMqOutboxDelivery>();
        services.AddOutboxDispatcher();
        return services;
    }

    /// <summary>For the worker: consumes the queue and runs the order worker on each message.</summary>
    public static IServiceCollection AddRabbitMqWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMessagingOptions(configuration).AddRabbitMqConnection(configuration).AddOrderWorker();
        services.AddHostedService<RabbitMqConsumer>();
        return services;
    }
}
