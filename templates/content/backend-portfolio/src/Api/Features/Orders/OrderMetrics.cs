using System.Diagnostics.Metrics;

namespace PortfolioSample.Api.Features.Orders;

/// <summary>Business metrics, exported with the technical ones: how many orders and how much revenue.</summary>
internal sealed class OrderMetrics
{
    public const string MeterName = "PortfolioSample.Orders";

    private readonly Counter<long> _ordersPlaced;
    private readonly Counter<long> _ordersCancelled;

    public OrderMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _ordersPlaced = meter.CreateCounter<long>("orders.placed", unit: "{order}", description: "Orders placed.");
        _ordersCancelled = meter.CreateCounter<long>("orders.cancelled", unit: "{order}", description: "Orders cancelled.");
    }

    public void OrderPlaced() => _ordersPlaced.Add(1);

    public void OrderCancelled() => _ordersCancelled.Add(1);
}
