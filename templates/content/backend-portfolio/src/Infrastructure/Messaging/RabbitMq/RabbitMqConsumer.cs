using System.Text;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortfolioSample.Infrastructure.Persistence;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PortfolioSample.Infrastructure.Messaging.RabbitMq;

/// <summary>
/// Consumes the durable queue. Any number of workers consume it side by side (competing consumers); the broker
/// sends each at most <see cref="RabbitMqOptions.PrefetchCount"/> unacknowledged messages, and the messages that have
/// arrived are handled together, in one transaction. A message is acknowledged only after that transaction committed
/// (or the message was dead-lettered), so a worker that dies mid-batch leaves the batch to be redelivered, and the
/// inbox makes that redelivery a no-op. A message that fails waits out its backoff in a retry queue on the broker, not
/// in the worker, so the messages behind it are not held up (see <see cref="RetryAsync"/>). On shutdown the batch in
/// hand is finished and acknowledged, and the prefetched rest go back to the queue when the channel closes.
/// </summary>
public sealed partial class RabbitMqConsumer(
    RabbitMqConnection broker,
    MessageProcessor processor,
    WorkerMetrics metrics,
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> messaging,
    TimeProvider clock,
    ILogger<RabbitMqConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!messaging.Value.ConsumerEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ConsumeUntilChannelClosesAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogBrokerUnavailable(logger, exception, ReconnectDelay.TotalSeconds);
            }

            await Task.Delay(ReconnectDelay, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ConsumeUntilChannelClosesAsync(CancellationToken stoppingToken)
    {
        var connection = await broker.GetAsync(stoppingToken);
        // Publisher confirms: a message going to a retry queue is acknowledged only once the broker has its copy.
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            stoppingToken);
        // Deliveries wait here (never more than the prefetch) until the handling loop below takes them as a batch. The
        // queue is completed when the channel closes (the broker went away), which ends the loop.
        var arrived = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        channel.ChannelShutdownAsync += (_, _) =>
        {
            arrived.Writer.TryComplete();
            return Task.CompletedTask;
        };

        await broker.DeclareQueueAsync(channel, stoppingToken);
        var prefetch = broker.Options.PrefetchCount;
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: prefetch, global: false, stoppingToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            arrived.Writer.TryWrite(new Delivery(delivery.DeliveryTag, delivery.BasicProperties, Encoding.UTF8.GetString(delivery.Body.Span)));
            return Task.CompletedTask;
        };
        var consumerTag = await channel.BasicConsumeAsync(broker.Options.QueueName, autoAck: false, consumer, stoppingToken);
        LogConsuming(logger, broker.Options.QueueName, prefetch);
        await using var stopping = stoppingToken.Register(() => arrived.Writer.TryComplete());

        var batch = new List<Delivery>(prefetch);
        while (await arrived.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < prefetch && arrived.Reader.TryRead(out var delivery))
            {
                batch.Add(delivery);
            }

            if (stoppingToken.IsCancellationRequested)
            {
                break; // Delivered but not started: the broker gives them to another consumer when the channel closes.
            }

            // A batch started is finished and acknowledged, even on shutdown.
            await HandleBatchAsync(channel, batch);
        }

        if (stoppingToken.IsCancellationRequested && channel.IsOpen)
        {
            // Graceful shutdown: no new deliveries; what was delivered and not acknowledged goes back to the queue.
            await channel.BasicCancelAsync(consumerTag, noWait: false, CancellationToken.None);
        }
    }

    /// <summary>
    /// Handles what has arrived as one batch and, when all of it committed, acknowledges it with one ack. Otherwise each
    /// delivery is settled on its own: handled ones acknowledged, failed ones sent to a retry queue or the dead letters
    /// first, and one that could be neither (the database or the broker is in trouble) given back to the queue.
    /// </summary>
    private async Task HandleBatchAsync(IChannel channel, List<Delivery> batch)
    {
        var identified = batch.Where(delivery => delivery.MessageId is not null).ToList();
        var failures = await processor.ProcessIsolatingFailuresAsync(
            [.. identified.Select(delivery => new IncomingMessage(delivery.MessageId!.Value, delivery.Type, delivery.Payload))],
            CancellationToken.None);
        if (identified.Count == batch.Count && failures.All(failure => failure is null))
        {
            // Deliveries arrive in tag order, so the last tag with multiple: true acknowledges exactly this batch.
            await channel.BasicAckAsync(batch[^1].Tag, multiple: true, CancellationToken.None);
            return;
        }

        var failureByTag = identified.Select((delivery, index) => (delivery.Tag, Failure: failures[index])).ToDictionary();
        foreach (var delivery in batch)
        {
            try
            {
                if (delivery.MessageId is not { } messageId)
                {
                    await DeadLetterAsync(Guid.NewGuid(), delivery.Type, delivery.Payload, "The message has no message id, so it cannot be handled idempotently.", 1);
                }
                else if (failureByTag[delivery.Tag] is { } failure)
                {
                    await RetryOrDeadLetterAsync(channel, messageId, delivery, failure);
                }

                await channel.BasicAckAsync(delivery.Tag, multiple: false, CancellationToken.None);
            }
            catch (Exception exception)
            {
                LogRequeued(logger, exception, delivery.MessageId?.ToString());
                await channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true, CancellationToken.None);
            }
        }
    }

    /// <summary>A failure that may pass goes to a retry queue; one that cannot (or the last attempt's) to the dead letters.</summary>
    private async Task RetryOrDeadLetterAsync(IChannel channel, Guid messageId, Delivery delivery, Exception failure)
    {
        var attempts = delivery.FailedAttempts + 1;
        if (messaging.Value.IsFinal(failure, attempts))
        {
            await DeadLetterAsync(messageId, delivery.Type, delivery.Payload, DeadLetter.ReasonFor(failure), attempts);
        }
        else
        {
            metrics.Retried(delivery.Type);
            await RetryAsync(channel, messageId, delivery.Type, delivery.Payload, attempts, failure);
        }
    }

    /// <summary>
    /// Sends a copy of the message to the retry queue of its backoff (<see cref="RabbitMqDelayedRetry"/>); the caller
    /// acknowledges the original once the broker has confirmed the copy.
    /// </summary>
    private async Task RetryAsync(IChannel channel, Guid messageId, string type, string payload, int failedAttempts, Exception exception)
    {
        var delay = messaging.Value.RetryDelay(failedAttempts);
        var retry = new RabbitMqDelayedRetry(broker.Options.QueueName, delay);
        LogRetrying(logger, exception, messageId, failedAttempts, delay.TotalSeconds, retry.QueueName);
        await retry.PublishAsync(channel, messageId, type, payload, failedAttempts, CancellationToken.None);
    }

    /// <summary>
    /// A delivery as the handling loop needs it after the event: the client reuses the body's memory, so the payload is
    /// read at once; the properties are parsed already and kept as they are.
    /// </summary>
    private sealed record Delivery(ulong Tag, IReadOnlyBasicProperties Properties, string Payload)
    {
        public Guid? MessageId => Guid.TryParse(Properties.MessageId, out var id) ? id : null;

        public string Type => Properties.Type ?? string.Empty;

        /// <summary>0 for a first delivery; the copies this consumer puts in a retry queue carry the count.</summary>
        public int FailedAttempts => RabbitMqDelayedRetry.FailedAttemptsOf(Properties);
    }

    private async Task DeadLetterAsync(Guid messageId, string type, string payload, string reason, int attempts)
    {
        LogDeadLettered(logger, messageId, type, attempts, reason);
        metrics.DeadLettered(type);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // A redelivery of a message that was dead-lettered just before a crash is not recorded twice.
        if (!await db.DeadLetters.AnyAsync(letter => letter.MessageId == messageId))
        {
            db.DeadLetters.Add(new DeadLetter(messageId, type, payload, reason, attempts, clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue} with a prefetch of {PrefetchCount}.")]
    private static partial void LogConsuming(ILogger logger, string queue, ushort prefetchCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker is unavailable; reconnecting in {Seconds} s.")]
    private static partial void LogBrokerUnavailable(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed (attempt {Attempts}); retrying in {Seconds} s, from {RetryQueue}.")]
    private static partial void LogRetrying(ILogger logger, Exception exception, Guid messageId, int attempts, double seconds, string retryQueue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({MessageType}) moved to the dead letters after {Attempts} attempt(s): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, Guid messageId, string messageType, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} could not be handled or dead-lettered; it goes back to the queue.")]
    private static partial void LogRequeued(ILogger logger, Exception exception, string? messageId);
}
