using System.Text.Json;
using PortfolioSample.Domain.Common;
using PortfolioSample.Domain.Ordering;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>The integration message for <see cref="OrderPlaced"/>: what the order worker needs, and no more.</summary>
public sealed record OrderPlacedMessage(int OrderId)
{
    public const string MessageType = "order-placed.v1";
}

/// <summary>The message cannot succeed however often it is retried; it goes straight to the dead letters.</summary>
public sealed class PoisonMessageException(string message) : Exception(message);

internal static class Messages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Turns a domain event, after its aggregate was saved, into an outbox row.</summary>
    public static OutboxMessage ToOutboxMessage(IDomainEvent domainEvent) => domainEvent switch
    {
        OrderPlaced placed => new OutboxMessage(
            Guid.NewGuid(),
            OrderPlacedMessage.MessageType,
            JsonSerializer.Serialize(new OrderPlacedMessage(placed.Order.Id), Json),
            domainEvent.OccurredAt.UtcDateTime),
        _ => throw new NotSupportedException($"No message is defined for {domainEvent.GetType().Name}."),
    };

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
