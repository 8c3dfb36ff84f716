using Microsoft.Extensions.DependencyInjection;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>Routes a delivered message, by type, to its handler in a scope of its own.</summary>
public sealed class MessageProcessor(IServiceScopeFactory scopes)
{
    /// <summary>Returns <see langword="false"/> when the message was a duplicate and changed nothing.</summary>
    /// <exception cref="PoisonMessageException">The message can never succeed.</exception>
    public async Task<bool> ProcessAsync(Guid messageId, string type, string payload, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return type switch
        {
            OrderPlacedMessage.MessageType => await scope.ServiceProvider.GetRequiredService<OrderPlacedHandler>()
                .HandleAsync(messageId, Messages.Deserialize<OrderPlacedMessage>(payload), cancellationToken),
            _ => throw new PoisonMessageException($"Unknown message type '{type}'."),
        };
    }
}
