using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Messaging;

/// <summary>
/// Adds received goods to the stock, a batch at a time. <see cref="MessageProcessor"/> commits this with the messages'
/// inbox records, so a message delivered twice has its effect once.
/// </summary>
public sealed class StockReceivedHandler(AppDbContext db, TimeProvider clock)
{
    public const string ConsumerName = "stock-worker";

    /// <summary>
    /// Applies <paramref name="messages"/> (new ones, in the order they came) through the scope's <c>AppDbContext</c>,
    /// which the processor saves and commits. One UPDATE adds every known SKU's received quantity, computed by the
    /// database (a CASE on the SKU), so concurrent consumers never lose each other's increments and each takes its row
    /// locks in one statement, so two batches cannot deadlock. A SKU's first delivery adds its row instead; if another
    /// consumer inserts it at the same moment, the primary key rejects one transaction and the retry finds the row.
    /// </summary>
    /// <exception cref="PoisonMessageException">A message is invalid and can never succeed.</exception>
    public async Task HandleAsync(IReadOnlyList<StockReceivedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var received = messages
            .GroupBy(Validate, StringComparer.Ordinal)
            .ToDictionary(sku => sku.Key, sku => sku.Sum(message => message.Quantity), StringComparer.Ordinal);
        if (received.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var skus = received.Keys.ToList();
        // Which rows exist is read before the UPDATE, and the UPDATE touches only those: read after it, a row another
        // consumer committed in between would count as updated though this UPDATE never saw it, and its quantity
        // would be lost. A row that appears in between makes this transaction's insert of it fail instead (its
        // primary key), and the retry then finds the row.
        var existing = await db.StockLevels.Where(level => skus.Contains(level.Sku)).Select(level => level.Sku).ToListAsync(cancellationToken);
        if (existing.Count > 0)
        {
            await db.StockLevels
                .Where(level => existing.Contains(level.Sku))
                .ExecuteUpdateAsync(set => set.SetProperty(level => level.Quantity, QuantityPlus(received)).SetProperty(level => level.UpdatedAt, now), cancellationToken);
        }

        db.StockLevels.AddRange(skus.Except(existing, StringComparer.Ordinal).Select(sku => new StockLevel(sku, received[sku], now)));
    }

    /// <summary><c>level => level.Quantity + (level.Sku == sku1 ? quantity1 : level.Sku == sku2 ? quantity2 : ... : 0)</c></summary>
    private static Expression<Func<StockLevel, int>> QuantityPlus(Dictionary<string, int> received)
    {
        var level = Expression.Parameter(typeof(StockLevel), "level");
        var sku = Expression.Property(level, nameof(StockLevel.Sku));
        var added = received.Aggregate<KeyValuePair<string, int>, Expression>(
            Expression.Constant(0),
            (otherwise, entry) => Expression.Condition(Expression.Equal(sku, Expression.Constant(entry.Key)), Expression.Constant(entry.Value), otherwise));
        return Expression.Lambda<Func<StockLevel, int>>(Expression.Add(Expression.Property(level, nameof(StockLevel.Quantity)), added), level);
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
