using Microsoft.EntityFrameworkCore;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Messaging.InProcess;

/// <summary>
/// Queues messages as rows of the QueuedMessages table. The row is committed before this returns (or, inside a
/// caller's transaction, with it), so the message survives any crash that follows.
/// </summary>
public sealed class DatabaseQueueSender(AppDbContext db, TimeProvider clock) : IMessageSender
{
    public async Task SendAsync(Guid messageId, string type, string payload, CancellationToken cancellationToken)
    {
        if (await db.QueuedMessages.AnyAsync(message => message.Id == messageId, cancellationToken))
        {
            return; // Already waiting: the same message queued twice is still one message.
        }

        db.QueuedMessages.Add(new QueuedMessage(messageId, type, payload, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
    }
}
