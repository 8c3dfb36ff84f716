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
/// The worker's consumer. Any number of workers consume the same durable queue (competing consumers); the broker
/// sends each at most <see cref="RabbitMqOptions.PrefetchCount"/> unacknowledged messages, and the messages that
/// have arrived are handled together, in one transaction. A message is acknowledged only after that transaction
/// committed (or the message was dead-lettered), so a worker that dies mid-batch leaves the batch to be redelivered,
/// and the inbox makes that redelivery a no-op. A message that fails waits out its backoff in a retry queue on the
/// broker, not in the worker, so the messages behind it are not held up (see <see cref="RetryAsync"/>).
/// </summary>
public sealed partial class RabbitMqConsumer(
    RabbitMqConnection broker,
    MessageProcessor processor,
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> messaging,
    TimeProvider clock,
    ILogger<RabbitMqConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
        // Declared before the channel, so that it is still there when disposing the channel raises ChannelShutdownAsync.
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var connection = await broker.GetAsync(stoppingToken);
        // Publisher confirms: a message going to a retry queue is acknowledged only once the broker has its copy.
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            stoppingToken);
        channel.ChannelShutdownAsync += (_, _) => closing.CancelAsync();

        await broker.DeclareQueueAsync(channel, stoppingToken);
        var prefetch = broker.Options.PrefetchCount;
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: prefetch, global: false, stoppingToken);
        // Deliveries wait here (never more than the prefetch count) until the handling loop takes them as a batch.
        var received = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.Writer.TryWrite(Delivery.CopyOf(delivery));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(broker.Options.QueueName, autoAck: false, consumer, stoppingToken);
        LogConsuming(logger, broker.Options.QueueName, prefetch);

        var batch = new List<Delivery>(prefetch);
        try
        {
            while (await received.Reader.WaitToReadAsync(closing.Token))
            {
                batch.Clear();
                while (batch.Count < prefetch && received.Reader.TryRead(out var delivery))
                {
                    batch.Add(delivery);
                }

                // The batch in hand is finished and acknowledged even during shutdown (the host allows
                // HostOptions.ShutdownTimeout, and deploy/k8s gives pods longer): stopping then costs no redelivery.
                await HandleBatchAsync(channel, batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            // The worker is stopping, or the channel closed (the broker went away) and the caller reconnects. Either
            // way the broker redelivers what was not acknowledged.
        }
    }

    /// <summary>
    /// Handles what has arrived in one transaction and acknowledges it with one ack. If the batch fails, the processor
    /// handles each message on its own, and only the ones at fault are retried or dead-lettered.
    /// </summary>
    private async Task HandleBatchAsync(IChannel channel, List<Delivery> batch, CancellationToken cancellationToken)
    {
        var identified = batch.Where(delivery => delivery.MessageId is not null).ToList();
        var failures = await processor.ProcessIsolatingFailuresAsync(
            [.. identified.Select(delivery => new IncomingMessage(delivery.MessageId!.Value, delivery.Type, delivery.Payload))],
            cancellationToken);
        if (identified.Count == batch.Count && Array.TrueForAll(failures, failure => failure is null))
        {
            // Deliveries are handled in the order they came, so acknowledging the last one with multiple: true
            // acknowledges exactly this batch.
            await channel.BasicAckAsync(batch[^1].Tag, multiple: true, cancellationToken);
            return;
        }

        var failureOf = identified.Zip(failures).ToDictionary(pair => pair.First.Tag, pair => pair.Second);
        foreach (var delivery in batch)
        {
            await SettleAsync(channel, delivery, failureOf.GetValueOrDefault(delivery.Tag), cancellationToken);
        }
    }

    /// <summary>
    /// Acknowledges one delivery of a batch that did not commit as a whole: once it was handled, or once a message
    /// that failed was scheduled for a retry or dead-lettered.
    /// </summary>
    private async Task SettleAsync(IChannel channel, Delivery delivery, Exception? failure, CancellationToken cancellationToken)
    {
        try
        {
            if (delivery.MessageId is not { } messageId)
            {
                await DeadLetterAsync(Guid.NewGuid(), delivery.Type, delivery.Payload, "The message has no message id, so it cannot be handled idempotently.", 1, cancellationToken);
            }
            else if (failure is not null)
            {
                var failedAttempts = delivery.FailedAttempts + 1;
                if (messaging.Value.IsFinal(failure, failedAttempts))
                {
                    await DeadLetterAsync(messageId, delivery.Type, delivery.Payload, $"{failure.GetType().Name}: {failure.Message}", failedAttempts, cancellationToken);
                }
                else
                {
                    await RetryAsync(channel, messageId, delivery, failedAttempts, failure, cancellationToken);
                }
            }

            await channel.BasicAckAsync(delivery.Tag, multiple: false, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Neither handled, nor dead-lettered, nor scheduled for a retry (the database or the broker is in trouble):
            // give the message back to the queue.
            LogRequeued(logger, exception, delivery.MessageId);
            await channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true, cancellationToken);
        }
    }

    /// <summary>
    /// Sends a copy of the message to the retry queue of its backoff (<see cref="RabbitMqDelayedRetry"/>); the caller
    /// acknowledges the original once the broker has confirmed the copy.
    /// </summary>
    private async Task RetryAsync(IChannel channel, Guid messageId, Delivery delivery, int failedAttempts, Exception exception, CancellationToken stoppingToken)
    {
        var delay = messaging.Value.RetryDelay(failedAttempts);
        var retry = new RabbitMqDelayedRetry(broker.Options.QueueName, delay);
        LogRetrying(logger, exception, messageId, failedAttempts, delay.TotalSeconds, retry.QueueName);
        await retry.PublishAsync(channel, messageId, delivery.Type, delivery.Payload, failedAttempts, stoppingToken);
    }

    private async Task DeadLetterAsync(Guid messageId, string type, string payload, string reason, int attempts, CancellationToken cancellationToken)
    {
        LogDeadLettered(logger, messageId, type, attempts, reason);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // A redelivery of a message that was dead-lettered just before a crash is not recorded twice.
        if (!await db.DeadLetters.AnyAsync(letter => letter.MessageId == messageId, cancellationToken))
        {
            db.DeadLetters.Add(new DeadLetter(messageId, type, payload, reason, attempts, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>What the handling loop needs of a delivery, copied: the client reuses a delivery's body after the event.</summary>
    private sealed record Delivery(ulong Tag, Guid? MessageId, string Type, string Payload, int FailedAttempts)
    {
        public static Delivery CopyOf(BasicDeliverEventArgs delivery) => new(
            delivery.DeliveryTag,
            Guid.TryParse(delivery.BasicProperties.MessageId, out var messageId) ? messageId : null,
            delivery.BasicProperties.Type ?? string.Empty,
            Encoding.UTF8.GetString(delivery.Body.Span),
            RabbitMqDelayedRetry.FailedAttemptsOf(delivery.BasicProperties));
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
    private static partial void LogRequeued(ILogger logger, Exception exception, Guid? messageId);
}
