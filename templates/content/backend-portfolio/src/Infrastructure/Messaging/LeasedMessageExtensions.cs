using Microsoft.EntityFrameworkCore;
#if (UseMySql)
using MySql.Data.MySqlClient;
#endif
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// The lease protocol of a table of <see cref="ILeasedMessage"/> rows, in statements every engine runs the same way:
/// conditional UPDATEs and deletes guarded by the claim's token (a concurrency token), with no engine-specific locking
/// SQL. Any number of processes can use it on the same table at once.
/// </summary>
internal static class LeasedMessageExtensions
{
    /// <summary>The longest failure description a row keeps.</summary>
    public const int ErrorMaxLength = 2000;
#if (UseMySql)

    /// <summary>ER_LOCK_DEADLOCK: InnoDB rolled the transaction back to break a deadlock.</summary>
    private const int DeadlockErrorNumber = 1213;

    private const int DeadlockAttempts = 5;
#endif

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due messages that nobody holds (or whose holder's lease expired) with
    /// one conditional UPDATE, so two processes never hold the same message, and returns them in the order they became
    /// due. Only looking is cancellable: a claim taken is read back, or it would sit leased until it expires.
    /// </summary>
    public static async Task<List<TMessage>> ClaimAsync<TMessage>(
        this DbSet<TMessage> messages, DateTime now, int batchSize, TimeSpan lease, CancellationToken cancellationToken)
        where TMessage : class, ILeasedMessage
    {
        var due = await messages
            .Where(message => message.AvailableAt <= now && (message.LockedUntil == null || message.LockedUntil < now))
            .OrderBy(message => message.AvailableAt)
            .Select(message => message.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        Guid? token = Guid.NewGuid();
        var leaseEnd = now + lease;
        await messages
            .Where(message => due.Contains(message.Id) && (message.LockedUntil == null || message.LockedUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(message => message.LockedUntil, leaseEnd).SetProperty(message => message.LockToken, token), CancellationToken.None);

        return await messages
            .AsNoTracking()
            .Where(message => message.LockToken == token)
            .OrderBy(message => message.AvailableAt)
            .ToListAsync(CancellationToken.None);
    }

    /// <summary>
    /// Gives up the claim on a message that failed and makes it due again at <paramref name="retryAt"/>, if the claim is
    /// still this one's (otherwise the process that took it over decides).
    /// </summary>
    public static Task<int> RescheduleAsync<TMessage>(
        this DbSet<TMessage> messages, TMessage message, int attempts, DateTime retryAt, string error, CancellationToken cancellationToken)
        where TMessage : class, ILeasedMessage
    {
        var lastError = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        return messages
            .Where(row => row.Id == message.Id && row.LockToken == message.LockToken)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(row => row.Attempts, attempts)
                    .SetProperty(row => row.AvailableAt, retryAt)
                    .SetProperty(row => row.LockedUntil, (DateTime?)null)
                    .SetProperty(row => row.LockToken, (Guid?)null)
                    .SetProperty(row => row.LastError, lastError),
                cancellationToken);
    }

    /// <summary>Gives the messages of a claim back at once, for another process, instead of after the lease.</summary>
    public static Task<int> ReleaseAsync<TMessage>(this DbSet<TMessage> messages, Guid? token)
        where TMessage : class, ILeasedMessage =>
        messages
            .Where(row => row.LockToken == token)
            .ExecuteUpdateAsync(set => set.SetProperty(row => row.LockedUntil, (DateTime?)null).SetProperty(row => row.LockToken, (Guid?)null));

    /// <summary>
    /// Moves a message to the dead letters in one SaveChanges: the row leaves (only while the claim is still this one's)
    /// and the dead letter arrives, or neither. Returns false when another process had taken the message over.
    /// </summary>
    public static async Task<bool> DeadLetterAsync<TMessage>(
        this AppDbContext db, TMessage message, string reason, int attempts, DateTimeOffset now, CancellationToken cancellationToken)
        where TMessage : class, ILeasedMessage
    {
        db.ChangeTracker.Clear();
        db.Remove(message);
        db.DeadLetters.Add(new DeadLetter(message.Id, message.Type, message.Payload, reason, attempts, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

#if (UseMySql)
    /// <summary>
    /// Deletes handled messages in one round trip. LockToken is a concurrency token: if another process took one of them
    /// over (after this claim's lease expired), the save fails as a whole, and each is then deleted on its own, so that
    /// only the ones taken over are left to the process holding them (whose second delivery the inbox makes a no-op).
    /// Returns how many were taken over. (One DELETE per message: the set-based ExecuteDelete of the other engines is
    /// written as DELETE ... AS alias by the MySQL provider, which MariaDB rejects.)
    /// InnoDB can pick these deletes as a deadlock's victim (rows being inserted at the same time lock neighbouring
    /// index entries) and roll them back whole; being guarded by the claim's token, they are then simply run again.
    /// </summary>
    public static async Task<int> DeleteAsync<TMessage>(this AppDbContext db, IReadOnlyCollection<TMessage> handled)
        where TMessage : class, ILeasedMessage
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            db.RemoveRange(handled);
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return 0;
            }
            catch (DbUpdateConcurrencyException) when (handled.Count > 1)
            {
                break; // Below: one message at a time.
            }
            catch (DbUpdateConcurrencyException)
            {
                return 1;
            }
            catch (DbUpdateException exception) when (exception.InnerException is MySqlException { Number: DeadlockErrorNumber } && attempt < DeadlockAttempts)
            {
                // Rolled back as a deadlock's victim: nothing was deleted, so the same deletes run again.
            }
        }

        var takenOver = 0;
        foreach (var message in handled)
        {
            takenOver += await db.DeleteAsync([message]);
        }

        return takenOver;
    }
#else
    /// <summary>
    /// Deletes handled messages with one statement: every row that still carries their claim's token. By now those are
    /// exactly the handled ones (a failed message's retry cleared its token, a dead-lettered one is gone), less any that
    /// another process took over after this claim's lease expired; those keep its token and are left to it (their second
    /// delivery is the inbox's no-op). Returns how many were taken over.
    /// </summary>
    public static async Task<int> DeleteAsync<TMessage>(this AppDbContext db, IReadOnlyList<TMessage> handled)
        where TMessage : class, ILeasedMessage
    {
        if (handled.Count == 0)
        {
            return 0;
        }

        var claim = handled[0].LockToken;
        var deleted = await db.Set<TMessage>().Where(message => message.LockToken == claim).ExecuteDeleteAsync(CancellationToken.None);
        return handled.Count - deleted;
    }
#endif
}
