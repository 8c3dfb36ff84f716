#if (UseRabbitMq)
using PortfolioSample.Worker.Messaging.RabbitMq;
#else
using PortfolioSample.Worker.Messaging.InProcess;
#endif

namespace PortfolioSample.Worker.Messaging;

public static class MessagingExtensions
{
#if (UseRabbitMq)
    /// <summary>
    /// The consumer of the RabbitMQ queue and its handlers, configured from the "RabbitMq" connection string and
    /// section and the "Messaging" section; new messages are published to the same queue.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHandlers(configuration).AddRabbitMqConnection(configuration);
        services.AddSingleton<RabbitMqPublisher>();
        services.AddSingleton<IMessageSender, RabbitMqSender>();
        services.AddHostedService<RabbitMqConsumer>();
        return services;
    }
#else
    /// <summary>
    /// The consumer of the database queue and its handlers, configured from the "Messaging" section; new messages
    /// are rows of the same database.
    /// </summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHandlers(configuration);
        services.AddScoped<IMessageSender, DatabaseQueueSender>();
        services.AddSingleton<DatabaseQueueConsumer>();
        services.AddHostedService(provider => provider.GetRequiredService<DatabaseQueueConsumer>());
        return services;
    }
#endif

    /// <summary>The message handlers, the processor that routes messages to them, and the retry settings.</summary>
    private static IServiceCollection AddHandlers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection(MessagingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<MessageProcessor>();
        services.AddScoped<StockReceivedHandler>();
        return services;
    }
}
