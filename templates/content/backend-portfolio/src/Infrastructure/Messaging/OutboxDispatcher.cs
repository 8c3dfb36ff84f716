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
        var delivered = new List<OutboxMessage>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } exception)
            {
                await FailAsync(db, batch[i], exception, cancellationToken);
            }
            else
            {
                delivered.Add(batch[i]);
            }
        }

        // Delivered messages leave the outbox together; a crash before this only causes duplicate deliveries.
        await DeleteAsync(db, delivered);

        return batch.Count;
    }

    /// <summary>Claims up to a batch of due messages (<see cref="LeasedMessageExtensions.ClaimAsync"/>).</summary>
    private Task<List<OutboxMessage>> ClaimAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.OutboxMessages.ClaimAsync(clock.GetUtcNow().UtcDateTime, _options.BatchSize, _options.Lease, cancellationToken);

    /// <summary>Deletes delivered messages (<see cref="LeasedMessageExtensions.DeleteAsync"/>), leaving any that another dispatcher took over to it.</summary>
    private async Task DeleteAsync(AppDbContext db, List<OutboxMessage> delivered)
    {
        var takenOver = await db.DeleteAsync(delivered);
        if (takenOver > 0)
        {
            LogClaimLost(logger, takenOver);
        }
    }

    private async Task FailAsync(AppDbContext db, OutboxMessage message, Exception exception, CancellationToken cancellationToken)
    {
        var attempts = message.Attempts + 1;
        var now = clock.GetUtcNow();
        var reason = DeadLetter.ReasonFor(exception);

        if (exception is PoisonMessageException || (delivery.FailuresAreFinal && attempts >= _options.MaxAttempts))
        {
            LogDeadLettered(logger, message.Id, message.Type, attempts, reason);
            if (!await db.DeadLetterAsync(message, reason, attempts, now, cancellationToken))
            {
                LogClaimLost(logger, 1);
            }

            return;
        }

        var retryAt = now.UtcDateTime + _options.RetryDelay(attempts);
        LogRetrying(logger, exception, message.Id, attempts, retryAt);
        await db.OutboxMessages.RescheduleAsync(message, attempts, retryAt, reason, cancellationToken);
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
