namespace PortfolioSample.Worker.Persistence;

/// <summary>How many units of a SKU are in stock: the state the consumer maintains from stock-received messages.</summary>
public sealed class StockLevel(string sku, int quantity, DateTimeOffset updatedAt)
{
    public string Sku { get; private set; } = sku;

    public int Quantity { get; private set; } = quantity;

    public DateTimeOffset UpdatedAt { get; private set; } = updatedAt;
}
