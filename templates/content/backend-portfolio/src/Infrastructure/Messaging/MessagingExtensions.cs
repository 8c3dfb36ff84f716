using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PortfolioSample.Infrastructure.Messaging;

public static class MessagingExtensions
{
#if (!UseRabbitMq)
    /// <summary>
    /// Registers the order worker and the outbox dispatcher that feeds it in this process, configured from the
    /// "Messaging" section (see <see cref="MessagingOptions"/>).
    /// </summary>
    public static IServiceCollection AddInProcessMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMessagingOptions(configuration).AddOrderWorker();
        services.AddSingleton<IOutboxDelivery, InProcessDelivery>();
        services.AddOutboxDispatcher();
        return services;
    }

#endif
    /// <summary>
    /// The order worker: every message handler in this assembly (such as <see cref="OrderPlacedHandler"/>), and the
    /// processor that routes messages to them.
    /// </summary>
    public static IServiceCollection AddOrderWorker(this IServiceCollection services)
    {
        services.AddSingleton(MessageRoutes.Register(services));
        services.AddSingleton<MessageProcessor>();
#if (UseRabbitMq)
        // What src/Worker's RabbitMqConsumer did: retries and dead letters.
        services.AddSingleton<WorkerMetrics>();
#endif
        return services;
    }

    internal static IServiceCollection AddOutboxDispatcher(this IServiceCollection services)
    {
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        return services;
    }

    internal static IServiceCollection AddMessagingOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection(MessagingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
