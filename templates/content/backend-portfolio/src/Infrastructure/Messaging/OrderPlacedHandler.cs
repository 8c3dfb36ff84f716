using Microsoft.EntityFrameworkCore;
using PortfolioSample.Domain.Ordering;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// The order worker: confirms placed orders and reserves their stock. <see cref="MessageProcessor"/> commits this
/// with the messages' inbox records, so a message delivered twice has its effect once.
/// </summary>
public sealed class OrderPlacedHandler(AppDbContext db, TimeProvider clock) : IMessageHandler<OrderPlacedMessage>
{
    /// <inheritdoc />
    public async Task HandleAsync(IReadOnlyList<OrderPlacedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var orderIds = messages.Select(message => message.OrderId).Distinct().ToList();
        var orders = await db.Orders.Include(order => order.Lines).Where(order => orderIds.Contains(order.Id)).ToListAsync(cancellationToken);
        var missing = orderIds.Except(orders.Select(order => order.Id)).ToList();
        if (missing.Count > 0)
        {
            throw new PoisonMessageException($"Order {missing[0]} does not exist.");
        }

        var now = clock.GetUtcNow();
        var confirmed = new List<Order>(orders.Count);
        foreach (var order in orders)
        {
            // A cancelled order needs no stock; its message still counts as handled.
            if (order.TryConfirm(now))
            {
                confirmed.Add(order);
            }
        }

        if (confirmed.Count == 0)
        {
            return;
        }

        // One UPDATE for the whole batch, computed by the database: competing workers never lose each other's
        // reservations, and each takes its product locks in one statement, which MySQL and MariaDB run in primary-key
        // order, the order in which an order being placed locks them too (Order.Place): no two of them can deadlock.
        var confirmedIds = confirmed.Select(order => order.Id).ToList();
        var productIds = confirmed.SelectMany(order => order.Lines).Select(line => line.ProductId).Distinct().ToList();
        var reservedLines = db.Set<OrderLine>().Where(line => confirmedIds.Contains(line.OrderId));
        await db.Products
            .Where(product => productIds.Contains(product.Id))
            .ExecuteUpdateAsync(
                set => set.SetProperty(
                    product => product.ReservedQuantity,
                    product => product.ReservedQuantity + reservedLines.Where(line => line.ProductId == product.Id).Sum(line => line.Quantity)),
                cancellationToken);
    }
}
