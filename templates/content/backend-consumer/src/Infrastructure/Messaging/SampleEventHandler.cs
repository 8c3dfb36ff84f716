using Microsoft.EntityFrameworkCore;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// Adds each message's quantity to its key's <see cref="SampleEventTotal"/>. <see cref="MessageProcessor"/> finds
/// this handler by its interface (nothing else needs registering) and commits its change with the message's inbox
/// record, so a message delivered twice (a retry, a redelivery after a crash) is counted once.
/// </summary>
public sealed class SampleEventHandler(AppDbContext db, TimeProvider clock) : IMessageHandler<SampleEventMessage>
{
    /// <inheritdoc />
    public async Task HandleAsync(SampleEventMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Retrying cannot make an invalid message valid: straight to the dead letters, with the reason.
        if (string.IsNullOrWhiteSpace(message.Key) || message.Key.Length > SampleEventTotal.KeyMaxLength)
        {
            throw new PoisonMessageException($"The key must be 1 to {SampleEventTotal.KeyMaxLength} characters.");
        }

        if (message.Quantity <= 0)
        {
            throw new PoisonMessageException($"The quantity must be positive, not {message.Quantity}.");
        }

        var now = clock.GetUtcNow();
        // One UPDATE computed by the database, so concurrent consumers never lose each other's additions. A first
        // message for a key inserts instead; if another consumer inserted it first, the primary key fails the
        // transaction and the retry takes the UPDATE path.
        var updated = await db.Set<SampleEventTotal>()
            .Where(total => total.Key == message.Key)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(total => total.Quantity, total => total.Quantity + message.Quantity)
                    .SetProperty(total => total.UpdatedAt, now),
                cancellationToken);
        if (updated == 0)
        {
            db.Add(new SampleEventTotal(message.Key, message.Quantity, now));
        }
    }
}
