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

    /// <summary>
    /// Why a message failed, for its dead letter: the innermost exception, because providers wrap the cause (a timeout,
    /// a constraint) in exceptions whose own message says nothing about it.
    /// </summary>
    public static string DescribeFailure(Exception exception)
    {
        var cause = exception.GetBaseException();
        return $"{cause.GetType().Name}: {cause.Message}";
    }
}
