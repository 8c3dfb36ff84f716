using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PortfolioSample.Infrastructure.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// Registers the order worker and the outbox dispatcher that feeds it in this process, configured from the
    /// "Messaging" section (see <see cref="MessagingOptions"/>).
    /// </summary>
    public static IServiceCollection AddInProcessMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MessagingOptions>()
            .Bind(configuration.GetSection(MessagingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<OrderPlacedHandler>();
        services.AddSingleton<MessageProcessor>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
