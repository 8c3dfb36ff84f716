using PortfolioSample.Domain.Common;
using PortfolioSample.Domain.Ordering;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>A message between processes: a versioned type name and a JSON payload (the record itself).</summary>
public interface IIntegrationMessage
{
    /// <summary>The name the message travels under (the outbox row's Type); a new version gets a new name.</summary>
    static abstract string MessageType { get; }
}

/// <summary>
/// Handles one type of message, a batch at a time. Every implementation in this assembly is registered and routed to
/// by <see cref="MessageProcessor"/>, so a new consumer plugs in without an edit to shared files.
/// </summary>
public interface IMessageHandler<in TMessage>
    where TMessage : IIntegrationMessage
{
    /// <summary>
    /// Applies the effect of <paramref name="messages"/>: the messages of this type that arrived together, in the order
    /// they came, none of them handled before. Work through the scope's <c>AppDbContext</c>: the processor saves its
    /// tracked changes after the handlers ran, with the inbox records, and commits them in the transaction that
    /// set-based statements (<c>ExecuteUpdate</c>) run in; so a handler neither saves nor opens nor commits a
    /// transaction. Prefer one set-based statement for the whole batch to one per message: it is one round trip, and it
    /// takes its row locks at once, so that competing workers do not deadlock on rows they both change.
    /// </summary>
    /// <exception cref="PoisonMessageException">
    /// A message can never succeed. The batch rolls back and its messages are handled one at a time, which finds it.
    /// </exception>
    Task HandleAsync(IReadOnlyList<TMessage> messages, CancellationToken cancellationToken);
}

/// <summary>The integration message for <see cref="OrderPlaced"/>: what the order worker needs, and no more.</summary>
public sealed record OrderPlacedMessage(int OrderId) : IIntegrationMessage
{
    public static string MessageType => "order-placed.v1";
}

internal static class Messages
{
    /// <summary>The longest message type name the tables store (the outbox and the dead letters).</summary>
    public const int TypeMaxLength = 100;

    /// <summary>Turns a domain event, after its aggregate was saved, into an outbox row.</summary>
    public static OutboxMessage ToOutboxMessage(IDomainEvent domainEvent) => domainEvent switch
    {
        OrderPlaced placed => ToOutboxMessage(new OrderPlacedMessage(placed.Order.Id), domainEvent.OccurredAt),
        _ => throw new NotSupportedException($"No message is defined for {domainEvent.GetType().Name}."),
    };

    public static OutboxMessage ToOutboxMessage<TMessage>(TMessage message, DateTimeOffset occurredAt)
        where TMessage : IIntegrationMessage =>
        new(Guid.NewGuid(), TMessage.MessageType, MessageJson.Serialize(message), occurredAt.UtcDateTime);
}
