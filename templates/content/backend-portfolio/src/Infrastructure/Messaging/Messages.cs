using System.Text.Json;
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
/// Handles one type of message. Every implementation in this assembly is registered and routed to by
/// <see cref="MessageProcessor"/>, so a new consumer plugs in without an edit to shared files.
/// </summary>
public interface IMessageHandler<in TMessage>
    where TMessage : IIntegrationMessage
{
    /// <summary>
    /// Applies the message's effect through the scope's <c>AppDbContext</c>, which the handlers of a batch share: the
    /// processor saves their tracked changes once, after the last handler, with the inbox records, and commits them in
    /// the transaction its set-based statements (<c>ExecuteUpdate</c>) ran in. So a handler neither saves, opens nor
    /// commits a transaction, and never sees a message that was already handled. Within a batch, a tracked entity a
    /// handler loads again is the instance an earlier handler changed; change a row either through the tracker or
    /// with set-based statements, not both, since a statement does not see changes that are not saved yet.
    /// </summary>
    /// <exception cref="PoisonMessageException">The message can never succeed.</exception>
    Task HandleAsync(TMessage message, CancellationToken cancellationToken);
}

/// <summary>The integration message for <see cref="OrderPlaced"/>: what the order worker needs, and no more.</summary>
public sealed record OrderPlacedMessage(int OrderId) : IIntegrationMessage
{
    public static string MessageType => "order-placed.v1";
}

/// <summary>The message cannot succeed however often it is retried; it goes straight to the dead letters.</summary>
public sealed class PoisonMessageException(string message) : Exception(message);

internal static class Messages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Turns a domain event, after its aggregate was saved, into an outbox row.</summary>
    public static OutboxMessage ToOutboxMessage(IDomainEvent domainEvent) => domainEvent switch
    {
        OrderPlaced placed => ToOutboxMessage(new OrderPlacedMessage(placed.Order.Id), domainEvent.OccurredAt),
        _ => throw new NotSupportedException($"No message is defined for {domainEvent.GetType().Name}."),
    };

    public static OutboxMessage ToOutboxMessage<TMessage>(TMessage message, DateTimeOffset occurredAt)
        where TMessage : IIntegrationMessage =>
        new(Guid.NewGuid(), TMessage.MessageType, JsonSerializer.Serialize(message, Json), occurredAt.UtcDateTime);

    public static T Deserialize<T>(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, Json) ?? throw new PoisonMessageException("The payload is null.");
        }
        catch (JsonException exception)
        {
            throw new PoisonMessageException($"The payload is not a valid {typeof(T).Name}: {exception.Message}");
        }
    }
}
