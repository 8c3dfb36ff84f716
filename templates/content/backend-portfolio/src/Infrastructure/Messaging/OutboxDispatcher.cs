using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// Delivers outbox messages through <see cref="IOutboxDelivery"/>. Any number of instances can run side by side: each
/// claims a batch with a lease before delivering it. A message is deleted only once it was delivered, so a crash at
/// any point means another delivery, which the handler's inbox turns into a no-op.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IOutboxDelivery delivery,
    OutboxSignal signal,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(5);

    private readonly MessagingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatcherEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DispatchOnceAsync(stoppingToken) == _options.BatchSize)
                {
                    continue; // A full batch: more are probably waiting.
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unreachable, for example: keep the process up and try again later.
                LogDispatchFailed(logger, exception);
                await Task.Delay(PauseAfterFailure, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            // Until a save in this process commits outbox messages, or the polling interval has passed.
            await signal.WaitAsync(_options.PollingInterval, clock, stoppingToken);
        }
    }

    /// <summary>Claims one batch of due messages and delivers them in order. Returns how many it claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var batch = await ClaimAsync(db, cancellationToken);

        if (batch.Count == 0)
        {
            return 0;
        }

        var failures = await delivery.DeliverAsync(batch, cancellationToken);
        var delivered = new List<Guid>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } exception)
            {
                await FailAsync(db, batch[i], exception, cancellationToken);
            }
            else
            {
                delivered.Add(batch[i].Id);
            }
        }

        // Delivered messages leave the outbox together; a crash before this only causes duplicate deliveries.
        if (delivered.Count > 0)
        {
            await DeleteAsync(db, [.. batch.Where(message => delivered.Contains(message.Id))]);
        }

        return batch.Count;
    }

#if (UseMySql)
    /// <summary>
    /// Deletes delivered messages in one round trip. LockToken is a concurrency token, so if another dispatcher took one
    /// of them over (after this claim's lease expired), the save fails as a whole; then the messages still under this
    /// claim are read back and deleted, and the others are left to the dispatcher holding them (their second delivery is
    /// the inbox's no-op). Each retry has fewer messages, so this ends. (One DELETE per message: the set-based
    /// ExecuteDelete of the other engines is written as DELETE ... AS alias by the MySQL provider, which MariaDB rejects.)
    /// </summary>
    private async Task DeleteAsync(AppDbContext db, List<OutboxMessage> messages)
    {
        db.ChangeTracker.Clear();
        db.OutboxMessages.RemoveRange(messages);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var ids = messages.Select(message => message.Id).ToList();
            var claim = messages[0].LockToken;
            var stillClaimed = await db.OutboxMessages
                .Where(message => ids.Contains(message.Id) && message.LockToken == claim)
                .ToListAsync(CancellationToken.None);
            LogClaimLost(logger, messages.Count - stillClaimed.Count);
            if (stillClaimed.Count > 0 && stillClaimed.Count < messages.Count)
            {
                await DeleteAsync(db, stillClaimed);
            }
        }
    }
#else
    /// <summary>
    /// Deletes delivered messages with one statement: every row that still carries this claim's token. By now those are
    /// exactly the delivered ones (a failed message's retry cleared its token, a dead-lettered one is gone), less any
    /// that another dispatcher took over after this claim's lease expired; those keep its token and are left to it
    /// (their second delivery is the inbox's no-op).
    /// </summary>
    private async Task DeleteAsync(AppDbContext db, List<OutboxMessage> messages)
    {
        var claim = messages[0].LockToken;
        var deleted = await db.OutboxMessages.Where(message => message.LockToken == claim).ExecuteDeleteAsync(CancellationToken.None);
        if (deleted < messages.Count)
        {
            LogClaimLost(logger, messages.Count - deleted);
        }
    }
#endif

    /// <summary>
    /// Claims up to a batch of due, unclaimed (or expired) messages: one conditional UPDATE, so two dispatchers never
    /// hold the same message, on every database engine, without engine-specific locking SQL.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages
            .Where(message => message.AvailableAt <= now && (message.LockedUntil == null || message.LockedUntil < now))
            .OrderBy(message => message.AvailableAt)
            .Select(message => message.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        Guid? token = Guid.NewGuid();
        var leaseEnd = now + _options.Lease;
        await db.OutboxMessages
            .Where(message => due.Contains(message.Id) && (message.LockedUntil == null || message.LockedUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(message => message.LockedUntil, leaseEnd).SetProperty(message => message.LockToken, token), cancellationToken);

        var batch = await db.OutboxMessages
            .AsNoTracking()
            .Where(message => message.LockToken == token)
            .OrderBy(message => message.AvailableAt)
            .ToListAsync(cancellationToken);
        return batch;
    }

    private async Task FailAsync(AppDbContext db, OutboxMessage message, Exception exception, CancellationToken cancellationToken)
    {
        var attempts = message.Attempts + 1;
        var now = clock.GetUtcNow();
        var reason = $"{exception.GetType().Name}: {exception.Message}";
        db.ChangeTracker.Clear();

        if (exception is PoisonMessageException || (delivery.FailuresAreFinal && attempts >= _options.MaxAttempts))
        {
            LogDeadLettered(logger, message.Id, message.Type, attempts, reason);
            // One SaveChanges: the outbox row (only while we still hold its claim) and the dead letter, or neither.
            db.OutboxMessages.Remove(message);
            db.DeadLetters.Add(new DeadLetter(message.Id, message.Type, message.Payload, reason, attempts, now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                LogClaimLost(logger, 1);
            }

            db.ChangeTracker.Clear();
            return;
        }

        var retryAt = now.UtcDateTime + _options.RetryDelay(attempts);
        LogRetrying(logger, exception, message.Id, attempts, retryAt);
        var error = reason.Length <= OutboxMessage.ErrorMaxLength ? reason : reason[..OutboxMessage.ErrorMaxLength];
        await db.OutboxMessages
            .Where(row => row.Id == message.Id && row.LockToken == message.LockToken)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(row => row.Attempts, attempts)
                    .SetProperty(row => row.AvailableAt, retryAt)
                    .SetProperty(row => row.LockedUntil, (DateTime?)null)
                    .SetProperty(row => row.LockToken, (Guid?)null)
                    .SetProperty(row => row.LastError, error),
                cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Another dispatcher took over {Count} message(s) after this one's lease expired; it will complete them.")]
    private static partial void LogClaimLost(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox dispatcher failed; it tries again shortly.")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed (attempt {Attempts}); retrying at {RetryAt:O}.")]
    private static partial void LogRetrying(ILogger logger, Exception exception, Guid messageId, int attempts, DateTime retryAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({MessageType}) moved to the dead letters after {Attempts} attempt(s): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, Guid messageId, string messageType, int attempts, string reason);
}
