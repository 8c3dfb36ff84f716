using Microsoft.EntityFrameworkCore;
using PortfolioSample.Worker.Persistence;

namespace PortfolioSample.Worker.Messaging;

/// <summary>
/// Runs delivered messages through their handler exactly once, a batch at a time: the handler's effect and the inbox
/// records of the batch's messages commit in one transaction, and a message already in the inbox is skipped. One inbox
/// query, one save and one commit per batch instead of per message is what lets one consumer keep up with a full queue.
/// </summary>
public sealed partial class MessageProcessor(IServiceScopeFactory scopes, WorkerMetrics metrics, TimeProvider clock, ILogger<MessageProcessor> logger)
{
    /// <summary>
    /// Handles a batch in one scope and one transaction, and returns how many of its messages were new (the rest were
    /// handled before, or came twice in the batch). All of it commits, or none of it and the exception is thrown.
    /// </summary>
    /// <exception cref="PoisonMessageException">A message of the batch can never succeed.</exception>
    public async Task<int> ProcessAsync(IReadOnlyList<IncomingMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var activity = WorkerMetrics.ActivitySource.StartActivity("process batch");
        activity?.SetTag("messaging.batch.message_count", batch.Count);

        // Every payload is read before the first round trip: a poison message fails the batch without touching the database.
        var messages = batch.Select(message => message.Type == StockReceivedMessage.MessageType
                ? MessageJson.Deserialize<StockReceivedMessage>(message.Payload)
                : throw new PoisonMessageException($"Unknown message type '{message.Type}'."))
            .ToList();

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // The batch is the unit: a failure rolls all of it back, so per-save savepoints would only cost round trips.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var ids = batch.Select(message => message.Id).Distinct().ToList();
        var known = (await db.ProcessedMessages
                .Where(processed => processed.Consumer == StockReceivedHandler.ConsumerName && ids.Contains(processed.MessageId))
                .Select(processed => processed.MessageId)
                .ToListAsync(cancellationToken))
            .ToHashSet();
        // Add() is false for a message handled before and for the second copy of one in this batch.
        var isNew = batch.Select(message => known.Add(message.Id)).ToArray();
        var fresh = Enumerable.Range(0, batch.Count).Where(index => isNew[index]).ToList();

        if (fresh.Count > 0)
        {
            await scope.ServiceProvider.GetRequiredService<StockReceivedHandler>()
                .HandleAsync([.. fresh.Select(index => messages[index])], cancellationToken);
            var now = clock.GetUtcNow();
            db.ProcessedMessages.AddRange(fresh.Select(index => new ProcessedMessage(batch[index].Id, StockReceivedHandler.ConsumerName, now)));
            // One round trip for the handler's new rows and every inbox record.
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        for (var index = 0; index < batch.Count; index++)
        {
            metrics.Processed(batch[index].Type, duplicate: !isNew[index]);
        }

        return fresh.Count;
    }

    /// <summary>
    /// What the consumers do with what they received: the batch in one transaction and, if that fails, each half on its
    /// own, and so on down to single messages, so that only the messages at fault fail and every other one commits (a
    /// batch of 32 with one poison message takes about ten transactions instead of 32). Returns, for each message of
    /// <paramref name="batch"/>, the exception it failed with, or <see langword="null"/> when it was handled or was a
    /// duplicate. Only cancellation is thrown.
    /// </summary>
    public async Task<Exception?[]> ProcessIsolatingFailuresAsync(IReadOnlyList<IncomingMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failures = new Exception?[batch.Count];
        await ProcessOrSplitAsync(new ArraySegment<IncomingMessage>([.. batch]), failures, 0, cancellationToken);
        return failures;
    }

    private async Task ProcessOrSplitAsync(ArraySegment<IncomingMessage> part, Exception?[] failures, int offset, CancellationToken cancellationToken)
    {
        if (part.Count == 0)
        {
            return;
        }

        try
        {
            await ProcessAsync(part, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (part.Count == 1)
            {
                failures[offset] = exception;
                return;
            }

            LogSplitting(logger, exception, part.Count);
            var half = part.Count / 2;
            await ProcessOrSplitAsync(part[..half], failures, offset, cancellationToken);
            await ProcessOrSplitAsync(part[half..], failures, offset + half, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} messages failed; handling each half on its own.")]
    private static partial void LogSplitting(ILogger logger, Exception exception, int count);
}
