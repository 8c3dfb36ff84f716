namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// What <see cref="SampleEventHandler"/> maintains: the running total of the quantities received for each key, a
/// read model that other features can query without replaying messages.
/// </summary>
public sealed class SampleEventTotal(string key, int quantity, DateTimeOffset updatedAt)
{
    public const int KeyMaxLength = 100;

    public string Key { get; private set; } = key;

    public int Quantity { get; private set; } = quantity;

    public DateTimeOffset UpdatedAt { get; private set; } = updatedAt;
}
