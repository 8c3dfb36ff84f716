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
    /// <inheritdoc />
    public async Task HandleAsync(IReadOnlyList<SampleEventMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            // Retrying cannot make an invalid message valid: straight to the dead letters, with the reason.
            if (string.IsNullOrWhiteSpace(message.Key) || message.Key.Length > SampleEventTotal.KeyMaxLength)
            {
                throw new PoisonMessageException($"The key must be 1 to {SampleEventTotal.KeyMaxLength} characters.");
            }

            if (message.Quantity <= 0)
            {
                throw new PoisonMessageException($"The quantity must be positive, not {message.Quantity}.");
            }
        }

        var now = clock.GetUtcNow();
        // One statement per key of the batch, not per message. Each is an UPDATE computed by the database, so
        // competing consumers never lose each other's additions. A first message for a key inserts instead; if another
        // consumer inserted it first, the primary key fails the transaction and the retry takes the UPDATE path.
        var additions = messages.GroupBy(message => message.Key, message => message.Quantity, StringComparer.Ordinal);
        foreach (var addition in additions)
        {
            var quantity = addition.Sum();
            var updated = await db.Set<SampleEventTotal>()
                .Where(total => total.Key == addition.Key)
                .ExecuteUpdateAsync(
                    set => set
                        .SetProperty(total => total.Quantity, total => total.Quantity + quantity)
                        .SetProperty(total => total.UpdatedAt, now),
                    cancellationToken);
            if (updated == 0)
            {
                db.Add(new SampleEventTotal(addition.Key, quantity, now));
            }
        }
    }
}
