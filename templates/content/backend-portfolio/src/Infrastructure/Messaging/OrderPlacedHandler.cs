using Microsoft.EntityFrameworkCore;
using PortfolioSample.Domain.Ordering;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// The order worker: reserves the stock of a placed order and confirms it. The reservation, the confirmation and
/// the inbox record commit in one transaction, so a message delivered twice has its effect once.
/// </summary>
public sealed class OrderPlacedHandler(AppDbContext db, TimeProvider clock) : IMessageHandler<OrderPlacedMessage>
{
    public const string ConsumerName = "order-worker";

    /// <inheritdoc />
    public async Task<bool> HandleAsync(Guid messageId, OrderPlacedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        if (await db.ProcessedMessages.AnyAsync(
                processed => processed.MessageId == messageId && processed.Consumer == ConsumerName,
                cancellationToken))
        {
            return false;
        }

        var order = await db.Orders.Include(order => order.Lines).SingleOrDefaultAsync(order => order.Id == message.OrderId, cancellationToken)
            ?? throw new PoisonMessageException($"Order {message.OrderId} does not exist.");

        var now = clock.GetUtcNow();
        if (order.TryConfirm(now))
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

        // A cancelled order needs no stock; the message is still recorded as handled.
        db.ProcessedMessages.Add(new ProcessedMessage(messageId, ConsumerName, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
