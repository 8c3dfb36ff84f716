namespace PortfolioSample.Worker.Messaging;

/// <summary>Routes a delivered message, by type, to its handler in a scope of its own.</summary>
public sealed class MessageProcessor(IServiceScopeFactory scopes, WorkerMetrics metrics)
{
    /// <summary>Returns <see langword="false"/> when the message was a duplicate and changed nothing.</summary>
    /// <exception cref="PoisonMessageException">The message can never succeed.</exception>
    public async Task<bool> ProcessAsync(Guid messageId, string type, string payload, CancellationToken cancellationToken)
    {
        using var activity = WorkerMetrics.ActivitySource.StartActivity($"process {type}");
        activity?.SetTag("messaging.message.id", messageId.ToString());
        activity?.SetTag("messaging.message.type", type);

        await using var scope = scopes.CreateAsyncScope();
        var handled = type switch
        {
            StockReceivedMessage.MessageType => await scope.ServiceProvider.GetRequiredService<StockReceivedHandler>()
                .HandleAsync(messageId, Messages.Deserialize<StockReceivedMessage>(payload), cancellationToken),
            _ => throw new PoisonMessageException($"Unknown message type '{type}'."),
        };

        metrics.Processed(type, duplicate: !handled);
        return handled;
    }
}
