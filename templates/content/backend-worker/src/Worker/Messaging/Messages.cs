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

internal static class Messages
{
    public const int TypeMaxLength = 100;
}
