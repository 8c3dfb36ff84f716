namespace PortfolioSample.Domain.Ordering;

public enum OrderStatus
{
    Placed,
    Cancelled,
}
