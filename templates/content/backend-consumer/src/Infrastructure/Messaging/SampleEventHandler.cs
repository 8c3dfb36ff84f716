using System.Buffers;
using Microsoft.EntityFrameworkCore;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// Adds each message's quantity to its key's <see cref="SampleEventTotal"/>. <see cref="MessageProcessor"/> finds
/// this handler by its interface (nothing else needs registering) and commits its changes with the messages' inbox
/// records, so a message delivered twice (a retry, a redelivery after a crash) is counted once.
/// </summary>
public sealed class SampleEventHandler(AppDbContext db, TimeProvider clock) : IMessageHandler<SampleEventMessage>
{
    /// <summary>
    /// What a key may contain. Keys are stored upper-cased and compared ordinally in memory, and for ASCII letters,
    /// digits and these marks that matches how every engine compares the key column: PostgreSQL and SQLite byte by
    /// byte, MySQL and MariaDB with a collation that ignores case (and accents and trailing spaces, which a key cannot
    /// have). Without that, "sku-1" and "SKU-1" would be two totals in memory but one primary key in MySQL, and the
    /// batch would fail on a duplicate key every time it was retried.
    /// </summary>
    private static readonly SearchValues<char> KeyCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:");

    /// <inheritdoc />
    public async Task HandleAsync(IReadOnlyList<SampleEventMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            // Retrying cannot make an invalid message valid: straight to the dead letters, with the reason.
            if (message.Key is not { Length: > 0 and <= SampleEventTotal.KeyMaxLength } key || key.AsSpan().ContainsAnyExcept(KeyCharacters))
            {
                throw new PoisonMessageException(
                    $"The key must be 1 to {SampleEventTotal.KeyMaxLength} ASCII letters, digits, '-', '_', '.' or ':' (keys ignore case).");
            }

            if (message.Quantity <= 0)
            {
                throw new PoisonMessageException($"The quantity must be positive, not {message.Quantity}.");
            }
        }

        // One query for the batch's keys, then the sums added in memory: the processor saves them all at once. Two
        // consumers changing the same total cannot both save it (Version is a concurrency token), nor insert the same
        // key twice (it is the primary key): the loser's messages are retried and add to what the winner saved.
        var additions = messages
            .GroupBy(message => message.Key.ToUpperInvariant(), message => message.Quantity, StringComparer.Ordinal)
            .ToDictionary(addition => addition.Key, addition => addition.Sum(), StringComparer.Ordinal);
        var keys = additions.Keys.ToList();
        var totals = await db.Set<SampleEventTotal>()
            .Where(total => keys.Contains(total.Key))
            .ToDictionaryAsync(total => total.Key, StringComparer.Ordinal, cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var (key, quantity) in additions)
        {
            if (totals.TryGetValue(key, out var total))
            {
                total.Add(quantity, now);
            }
            else
            {
                db.Add(new SampleEventTotal(key, quantity, now));
            }
        }
    }
}
