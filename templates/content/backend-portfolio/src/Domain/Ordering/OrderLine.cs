namespace PortfolioSample.Domain.Ordering;

/// <summary>
/// One product in an order. Name and price are copied at the time the order is placed, so later catalogue
/// changes never rewrite what the customer agreed to pay.
/// </summary>
public sealed class OrderLine
{
    // For EF Core materialisation.
    private OrderLine()
    {
        ProductName = string.Empty;
    }

    internal OrderLine(int productId, string productName, decimal unitPrice, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        ProductId = productId;
        ProductName = productName;
        UnitPrice = unitPrice;
        Quantity = quantity;
    }

    public int Id { get; private set; }

    public int OrderId { get; private set; }

    public int ProductId { get; private set; }

    public string ProductName { get; private set; }

    public decimal UnitPrice { get; private set; }

    public int Quantity { get; private set; }

    public decimal LineTotal => UnitPrice * Quantity;
}
