namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// What <see cref="SampleEventHandler"/> maintains: the running total of the quantities received for each key, a
/// read model that other features can query without replaying messages.
/// </summary>
public sealed class SampleEventTotal(string key, int quantity, DateTimeOffset updatedAt)
{
    public const int KeyMaxLength = 100;

    /// <summary>The key in upper case: keys ignore case, the same on every database engine.</summary>
    public string Key { get; private set; } = key;

    public int Quantity { get; private set; } = quantity;

    public DateTimeOffset UpdatedAt { get; private set; } = updatedAt;

    /// <summary>Optimistic concurrency token: two consumers adding to the same key cannot both save.</summary>
    public int Version { get; private set; }

    public void Add(int quantity, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        Quantity += quantity;
        UpdatedAt = at;
        Version++;
    }
}
