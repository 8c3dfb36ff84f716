using PortfolioSample.Domain.Catalog;
using PortfolioSample.Domain.Ordering;

namespace PortfolioSample.Domain.Tests;

public sealed class OrderTests
{
    private static readonly DateTimeOffset PlacedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Product _keyboard = new("KB-101", "Keyboard", 80m);
    private readonly Product _mouse = new("MS-204", "Mouse", 25.50m);

    [Fact]
    public void Place_copies_name_and_price_and_fixes_the_total()
    {
        var order = Order.Place("ada@example.com", [(_keyboard, 1), (_mouse, 2)], PlacedAt);

        Assert.Equal(OrderStatus.Placed, order.Status);
        Assert.Equal(PlacedAt, order.PlacedAt);
        Assert.Equal(131m, order.Total);
        Assert.Collection(
            order.Lines,
            line => Assert.Equal(("Keyboard", 80m, 1), (line.ProductName, line.UnitPrice, line.Quantity)),
            line => Assert.Equal(("Mouse", 25.50m, 2), (line.ProductName, line.UnitPrice, line.Quantity)));
    }

    [Fact]
    public void Place_merges_lines_for_the_same_product()
    {
        var order = Order.Place("ada@example.com", [(_mouse, 1), (_keyboard, 1), (_mouse, 3)], PlacedAt);

        Assert.Equal(2, order.Lines.Count);
        Assert.Equal(4, order.Lines.Single(line => line.ProductName == "Mouse").Quantity);
    }

    [Fact]
    public void Later_price_changes_do_not_rewrite_a_placed_order()
    {
        var order = Order.Place("ada@example.com", [(_keyboard, 1)], PlacedAt);

        _keyboard.Update("Keyboard", 999m);

        Assert.Equal(80m, order.Lines[0].UnitPrice);
        Assert.Equal(80m, order.Total);
    }

    [Fact]
    public void An_order_needs_at_least_one_line()
    {
        Assert.Throws<ArgumentException>(() => Order.Place("ada@example.com", [], PlacedAt));
    }

    [Fact]
    public void Quantity_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Order.Place("ada@example.com", [(_keyboard, 0)], PlacedAt));
    }

    [Fact]
    public void A_placed_order_can_be_cancelled_once()
    {
        var order = Order.Place("ada@example.com", [(_keyboard, 1)], PlacedAt);
        var cancelledAt = PlacedAt.AddHours(1);

        Assert.True(order.TryCancel(cancelledAt));
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(cancelledAt, order.CancelledAt);
        Assert.Equal(1, order.Version);

        Assert.False(order.TryCancel(cancelledAt.AddHours(1)));
        Assert.Equal(cancelledAt, order.CancelledAt);
        Assert.Equal(1, order.Version);
    }
}
