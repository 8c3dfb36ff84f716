using Microsoft.Extensions.DependencyInjection;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>Routes a delivered message, by type, to its handler in a scope of its own.</summary>
public sealed class MessageProcessor(IServiceScopeFactory scopes, MessageRoutes routes)
{
    /// <summary>Returns <see langword="false"/> when the message was a duplicate and changed nothing.</summary>
    /// <exception cref="PoisonMessageException">The message can never succeed.</exception>
    public async Task<bool> ProcessAsync(Guid messageId, string type, string payload, CancellationToken cancellationToken)
    {
        var route = routes.Find(type) ?? throw new PoisonMessageException($"Unknown message type '{type}'.");
        await using var scope = scopes.CreateAsyncScope();
        return await route(scope.ServiceProvider, messageId, payload, cancellationToken);
    }
}

/// <summary>Deserialises a payload and runs its handler from <paramref name="services"/>.</summary>
public delegate Task<bool> MessageRoute(IServiceProvider services, Guid messageId, string payload, CancellationToken cancellationToken);

/// <summary>The route of every message type that has a handler, found once at start-up.</summary>
public sealed class MessageRoutes(IReadOnlyDictionary<string, MessageRoute> routes)
{
    public MessageRoute? Find(string messageType) => routes.GetValueOrDefault(messageType);

    /// <summary>
    /// Registers every <see cref="IMessageHandler{TMessage}"/> in this assembly as a scoped service and routes its
    /// message type to it. Two handlers of the same type fail here, at start-up, not at the first message.
    /// </summary>
    internal static MessageRoutes Register(IServiceCollection services)
    {
        var routes = new Dictionary<string, MessageRoute>(StringComparer.Ordinal);
        var handlers = typeof(MessageRoutes).Assembly.GetTypes().Where(type => type is { IsClass: true, IsAbstract: false });
        foreach (var handler in handlers)
        {
            foreach (var contract in handler.GetInterfaces().Where(IsMessageHandler))
            {
                services.AddScoped(contract, handler);
                var message = contract.GetGenericArguments()[0];
                var (type, route) = ((string, MessageRoute))RouteForMethod.MakeGenericMethod(message).Invoke(null, null)!;
                if (!routes.TryAdd(type, route))
                {
                    throw new InvalidOperationException($"Message type '{type}' has more than one handler; {handler.Name} is one of them.");
                }
            }
        }

        return new MessageRoutes(routes);
    }

    private static bool IsMessageHandler(Type contract) =>
        contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IMessageHandler<>);

    private static readonly System.Reflection.MethodInfo RouteForMethod =
        typeof(MessageRoutes).GetMethod(nameof(RouteFor), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static (string Type, MessageRoute Route) RouteFor<TMessage>()
        where TMessage : IIntegrationMessage =>
        (TMessage.MessageType, (services, messageId, payload, cancellationToken) => services
            .GetRequiredService<IMessageHandler<TMessage>>()
            .HandleAsync(messageId, Messages.Deserialize<TMessage>(payload), cancellationToken));
}
