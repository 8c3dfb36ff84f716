namespace PortfolioSample.Domain.Ordering;

public enum OrderStatus
{
    Placed,
#if (!NoMessaging)

    /// <summary>The worker reserved the stock; the order can no longer be cancelled.</summary>
    Confirmed,
#endif
    Cancelled,
}
