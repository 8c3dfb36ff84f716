using Microsoft.EntityFrameworkCore;
using PortfolioSample.Domain.Ordering;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// The order worker: reserves the stock of a placed order and confirms it. <see cref="MessageProcessor"/> commits
/// this with the message's inbox record, so a message delivered twice has its effect once.
/// </summary>
public sealed class OrderPlacedHandler(AppDbContext db, TimeProvider clock) : IMessageHandler<OrderPlacedMessage>
{
    /// <inheritdoc />
    public async Task HandleAsync(OrderPlacedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var order = await db.Orders.Include(order => order.Lines).SingleOrDefaultAsync(order => order.Id == message.OrderId, cancellationToken)
            ?? throw new PoisonMessageException($"Order {message.OrderId} does not exist.");

        // A cancelled order needs no stock; the message still counts as handled.
        if (order.TryConfirm(clock.GetUtcNow()))
        {
            // One UPDATE computed by the database, so concurrent workers never lose each other's reservations.
            var productIds = order.Lines.Select(line => line.ProductId).ToList();
            var orderLines = db.Set<OrderLine>().Where(line => line.OrderId == order.Id);
            await db.Products
                .Where(product => productIds.Contains(product.Id))
                .ExecuteUpdateAsync(
                    set => set.SetProperty(
                        product => product.ReservedQuantity,
                        product => product.ReservedQuantity + orderLines.Where(line => line.ProductId == product.Id).Sum(line => line.Quantity)),
                    cancellationToken);
        }
    }
}
