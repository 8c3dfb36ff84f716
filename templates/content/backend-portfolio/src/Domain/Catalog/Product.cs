namespace PortfolioSample.Domain.Catalog;

/// <summary>A product that customers can order. The SKU is the business key and is unique.</summary>
public sealed class Product
{
    public const int SkuMaxLength = 32;
    public const int NameMaxLength = 200;

    // For EF Core materialisation.
    private Product()
    {
        Sku = string.Empty;
        Name = string.Empty;
    }

    public Product(string sku, string name, decimal unitPrice)
    {
        Sku = NormalizeSku(sku);
        Name = RequireName(name);
        UnitPrice = RequirePrice(unitPrice);
    }

    public int Id { get; private set; }

    public string Sku { get; private set; }

    public string Name { get; private set; }

    public decimal UnitPrice { get; private set; }

    /// <summary>
    /// Incremented on every change and used as an optimistic concurrency token: an update based on a stale
    /// version is rejected instead of silently overwriting somebody else's change.
    /// </summary>
    public int Version { get; private set; }
#if (!NoMessaging)

    /// <summary>Units promised to confirmed orders; the order worker adds to it when it confirms an order.</summary>
    public int ReservedQuantity { get; private set; }
#endif

    public void Update(string name, decimal unitPrice)
    {
        Name = RequireName(name);
        UnitPrice = RequirePrice(unitPrice);
        Version++;
    }

    private static string NormalizeSku(string sku)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        var normalized = sku.Trim().ToUpperInvariant();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(normalized.Length, SkuMaxLength, nameof(sku));
        return normalized;
    }

    private static string RequireName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trimmed.Length, NameMaxLength, nameof(name));
        return trimmed;
    }

    private static decimal RequirePrice(decimal unitPrice)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unitPrice);
        return decimal.Round(unitPrice, 2, MidpointRounding.ToEven);
    }
}
