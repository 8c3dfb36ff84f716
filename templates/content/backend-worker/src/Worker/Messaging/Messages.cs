using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortfolioSample.Worker.Messaging;

/// <summary>
/// Goods arrived at the warehouse: add <paramref name="Quantity"/> units to the stock of <paramref name="Sku"/>.
/// A duplicate would count the goods twice, which is why the consumer is idempotent.
/// </summary>
public sealed record StockReceivedMessage(string Sku, int Quantity)
{
    public const string MessageType = "stock-received.v1";
    public const int SkuMaxLength = 64;
    public const int MaxQuantity = 1_000_000;
}

/// <summary>A message as the consumers take it from the queue: its id (the inbox key), its type and its JSON payload.</summary>
public sealed record IncomingMessage(Guid Id, string Type, string Payload);

/// <summary>The message can never succeed however often it is retried; it goes straight to the dead letters.</summary>
public sealed class PoisonMessageException(string message) : Exception(message);

internal static class Messages
{
    public const int TypeMaxLength = 100;

    // As strict as the API reads requests: a missing field is poison, not its default; numbers are JSON numbers.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// Why a message failed, for its dead letter: the innermost exception, because providers wrap the cause (a timeout,
    /// a constraint) in exceptions whose own message says nothing about it.
    /// </summary>
    public static string DescribeFailure(Exception exception)
    {
        var cause = exception.GetBaseException();
        return $"{cause.GetType().Name}: {cause.Message}";
    }

    /// <summary>Reads a payload; a payload that is not the expected JSON is poison, not a transient failure.</summary>
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
