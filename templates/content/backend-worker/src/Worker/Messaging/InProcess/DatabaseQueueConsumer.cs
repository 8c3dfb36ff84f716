using Microsoft.Extensions.Options;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Messaging.InProcess;

/// <summary>
/// Consumes the database queue. Any number of worker instances can run side by side: each claims a batch with a
/// lease (one conditional UPDATE, so two consumers never hold the same message, on every engine) and handles it as
/// one batch: one transaction for the handler's effect and the inbox records, one delete. A message is deleted only
/// after its batch committed, so a crash at any point means another delivery once the lease expires, which the inbox
/// turns into a no-op. On shutdown the batch in hand is finished, and a claim taken meanwhile is released at once
/// rather than after the lease.
/// </summary>
public sealed partial class DatabaseQueueConsumer(
    IServiceScopeFactory scopes,
    MessageProcessor processor,
    WorkerMetrics metrics,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<DatabaseQueueConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(5);

    private readonly MessagingOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.ConsumerEnabled)
        {
            return;
        }

        LogConsuming(logger, _options.BatchSize, _options.Lease.TotalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var pause = _options.PollingInterval;
            try
            {
                if (await ConsumeBatchAsync(stoppingToken) == _options.BatchSize)
                {
                    continue; // A full batch: more are probably waiting.
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database is unreachable, for example: keep the process up and try again later.
                LogConsumeFailed(logger, exception);
                pause = PauseAfterFailure;
            }

            await Task.Delay(pause, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Claims one batch of due messages and handles it (<see cref="MessageProcessor.ProcessIsolatingFailuresAsync"/>: in
    /// one transaction, or in smaller parts when one fails), then deletes the handled messages in one round trip and
    /// reschedules or dead-letters the ones that failed. Returns how many it claimed. A claim taken while stopping is
    /// given back at once; a batch started is finished even during shutdown (the host allows HostOptions.ShutdownTimeout).
    /// </summary>
    internal async Task<int> ConsumeBatchAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var batch = await ClaimAsync(db, stoppingToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        if (stoppingToken.IsCancellationRequested)
        {
            await db.QueuedMessages.ReleaseAsync(batch[0].LockToken);
            return batch.Count;
        }

        var failures = await processor.ProcessIsolatingFailuresAsync(
            [.. batch.Select(message => new IncomingMessage(message.Id, message.Type, message.Payload))],
            CancellationToken.None);
        var handled = new List<QueuedMessage>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } exception)
            {
                await FailAsync(db, batch[i], exception, CancellationToken.None);
            }
            else
            {
                handled.Add(batch[i]);
            }
        }

        await CompleteAsync(db, handled);
        return batch.Count;
    }

    /// <summary>Deletes handled messages (<see cref="LeasedMessageExtensions.DeleteAsync"/>), leaving any that another consumer took over to it.</summary>
    private async Task CompleteAsync(AppDbContext db, List<QueuedMessage> handled)
    {
        var takenOver = await db.DeleteAsync(handled);
        if (takenOver > 0)
        {
            LogClaimLost(logger, takenOver);
        }
    }

    /// <summary>Claims up to a batch of due messages (<see cref="LeasedMessageExtensions.ClaimAsync"/>).</summary>
    private Task<List<QueuedMessage>> ClaimAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.QueuedMessages.ClaimAsync(clock.GetUtcNow().UtcDateTime, _options.BatchSize, _options.Lease, cancellationToken);

    private async Task FailAsync(AppDbContext db, QueuedMessage message, Exception exception, CancellationToken cancellationToken)
    {
        var attempts = message.Attempts + 1;
        var now = clock.GetUtcNow();
        var reason = DeadLetter.ReasonFor(exception);

        if (_options.IsFinal(exception, attempts))
        {
            LogDeadLettered(logger, message.Id, message.Type, attempts, reason);
            metrics.DeadLettered(message.Type);
            if (!await db.DeadLetterAsync(message, reason, attempts, now, cancellationToken))
            {
                LogClaimLost(logger, 1);
            }

            return;
        }

        var retryAt = now.UtcDateTime + _options.RetryDelay(attempts);
        LogRetrying(logger, exception, message.Id, attempts, retryAt);
        metrics.Retried(message.Type);
        await db.QueuedMessages.RescheduleAsync(message, attempts, retryAt, reason, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming the database queue, {BatchSize} messages at a time with a {LeaseSeconds} s lease.")]
    private static partial void LogConsuming(ILogger logger, int batchSize, double leaseSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another consumer took over {Count} message(s) after this one's lease expired; it will complete them.")]
    private static partial void LogClaimLost(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The queue consumer failed; it tries again shortly.")]
    private static partial void LogConsumeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed (attempt {Attempts}); retrying at {RetryAt:O}.")]
    private static partial void LogRetrying(ILogger logger, Exception exception, Guid messageId, int attempts, DateTime retryAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({MessageType}) moved to the dead letters after {Attempts} attempt(s): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, Guid messageId, string messageType, int attempts, string reason);
}
