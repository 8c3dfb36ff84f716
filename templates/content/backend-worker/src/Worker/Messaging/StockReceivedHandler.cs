using Microsoft.EntityFrameworkCore;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Messaging;

/// <summary>
/// Adds received goods to the stock. The stock change and the inbox record commit in one transaction, so a message
/// delivered twice has its effect once.
/// </summary>
public sealed class StockReceivedHandler(AppDbContext db, TimeProvider clock)
{
    public const string ConsumerName = "stock-worker";

    /// <summary>Returns <see langword="false"/> when the message was already handled (a duplicate delivery).</summary>
    /// <exception cref="PoisonMessageException">The message is invalid and can never succeed.</exception>
    public async Task<bool> HandleAsync(Guid messageId, StockReceivedMessage message, CancellationToken cancellationToken)
    {
        var sku = Validate(message);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        if (await db.ProcessedMessages.AnyAsync(
                processed => processed.MessageId == messageId && processed.Consumer == ConsumerName,
                cancellationToken))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        // One UPDATE computed by the database, so concurrent consumers never lose each other's increments. The first
        // delivery for a SKU inserts its row instead; if another consumer inserts it at the same moment, the primary
        // key rejects one of them, its transaction rolls back and the retry finds the row.
        var updated = await db.StockLevels
            .Where(level => level.Sku == sku)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(level => level.Quantity, level => level.Quantity + message.Quantity)
                    .SetProperty(level => level.UpdatedAt, now),
                cancellationToken);
        if (updated == 0)
        {
            db.StockLevels.Add(new StockLevel(sku, message.Quantity, now));
        }

        db.ProcessedMessages.Add(new ProcessedMessage(messageId, ConsumerName, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The SKU in its stored form (trimmed, upper case); an invalid message is poison.</summary>
    internal static string Validate(StockReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var sku = message.Sku?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(sku) || sku.Length > StockReceivedMessage.SkuMaxLength)
        {
            throw new PoisonMessageException($"The SKU must have 1 to {StockReceivedMessage.SkuMaxLength} characters.");
        }

        if (message.Quantity is < 1 or > StockReceivedMessage.MaxQuantity)
        {
            throw new PoisonMessageException($"The quantity must be between 1 and {StockReceivedMessage.MaxQuantity}; it was {message.Quantity}.");
        }

        return sku;
    }
}
