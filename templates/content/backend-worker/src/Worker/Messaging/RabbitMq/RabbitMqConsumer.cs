using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PortfolioSample.Worker.Persistence;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace PortfolioSample.Worker.Messaging.RabbitMq;

/// <summary>
/// Consumes the durable queue. Any number of workers consume it side by side (competing consumers); the broker
/// sends each at most <see cref="RabbitMqOptions.PrefetchCount"/> unacknowledged messages. A message is acknowledged
/// only after the handler's transaction committed (or the message was dead-lettered), so a worker that dies
/// mid-message leaves it to be redelivered, and the handler's inbox makes that redelivery a no-op. A message that
/// fails waits out its backoff in a retry queue on the broker, not in the worker, so the messages behind it are not
/// held up (see <see cref="RetryAsync"/>). On shutdown the consumer is cancelled first, the message in hand is
/// finished and acknowledged, and the prefetched rest go back to the queue when the channel closes.
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

    /// <summary>The header that carries how many times a message has failed, on the copies in the retry queues.</summary>
    private const string FailedAttemptsHeader = "failed-attempts";

    /// <summary>How long an unused retry queue outlives its message time-to-live before the broker deletes it.</summary>
    private static readonly TimeSpan RetryQueueExpiry = TimeSpan.FromMinutes(1);

    // Held while a message is handled, so shutdown can wait for the message in hand.
    private readonly SemaphoreSlim _inFlight = new(1, 1);

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
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.ChannelShutdownAsync += (_, _) =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await broker.DeclareQueueAsync(channel, stoppingToken);
        await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: broker.Options.PrefetchCount, global: false, stoppingToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery, stoppingToken);
        var consumerTag = await channel.BasicConsumeAsync(broker.Options.QueueName, autoAck: false, consumer, stoppingToken);
        LogConsuming(logger, broker.Options.QueueName, broker.Options.PrefetchCount);

        await closed.Task.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (stoppingToken.IsCancellationRequested && channel.IsOpen)
        {
            // Graceful shutdown: no new deliveries, then wait for the message in hand to be acknowledged.
            await channel.BasicCancelAsync(consumerTag, noWait: false, CancellationToken.None);
            await _inFlight.WaitAsync(CancellationToken.None);
            _inFlight.Release();
        }
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        await _inFlight.WaitAsync(CancellationToken.None);
        try
        {
            if (stoppingToken.IsCancellationRequested)
            {
                // Delivered just before the consumer was cancelled: give it back untouched.
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
                return;
            }

            var payload = Encoding.UTF8.GetString(delivery.Body.Span);
            var type = delivery.BasicProperties.Type ?? string.Empty;
            try
            {
                if (!Guid.TryParse(delivery.BasicProperties.MessageId, out var messageId))
                {
                    await DeadLetterAsync(Guid.NewGuid(), type, payload, "The message has no message id, so it cannot be handled idempotently.", 1);
                }
                else
                {
                    await ProcessOnceAsync(channel, messageId, type, payload, FailedAttemptsOf(delivery.BasicProperties.Headers));
                }

                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
            }
            catch (Exception exception)
            {
                // Neither handled, nor dead-lettered, nor scheduled for a retry (the database or the broker is in
                // trouble): give the message back to the queue.
                LogRequeued(logger, exception, delivery.BasicProperties.MessageId);
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>
    /// Handles the message once; an attempt already started is finished, even on shutdown. A failure that may pass
    /// goes to a retry queue, one that cannot (or the last attempt's) to the dead letters.
    /// </summary>
    private async Task ProcessOnceAsync(IChannel channel, Guid messageId, string type, string payload, int failedBefore)
    {
        try
        {
            await processor.ProcessAsync(messageId, type, payload, CancellationToken.None);
        }
        catch (Exception exception)
        {
            var attempts = failedBefore + 1;
            if (messaging.Value.IsFinal(exception, attempts))
            {
                await DeadLetterAsync(messageId, type, payload, Messages.DescribeFailure(exception), attempts);
            }
            else
            {
                metrics.Retried(type);
                await RetryAsync(channel, messageId, type, payload, attempts, exception);
            }
        }
    }

    /// <summary>
    /// Publishes a copy of the message, with its failure count, to a durable retry queue whose time-to-live is the
    /// backoff; when it expires, the broker dead-letters the copy back to the main queue (RabbitMQ's TTL and
    /// dead-letter routing, no plugin). The caller acknowledges the original only after the broker confirmed the copy,
    /// so a crash in between means a duplicate, which the inbox absorbs, never a loss. There is one retry queue per
    /// delay because a queue expires messages only from its head: a 1 s retry must not wait behind a 60 s one.
    /// </summary>
    private async Task RetryAsync(IChannel channel, Guid messageId, string type, string payload, int failedAttempts, Exception exception)
    {
        var delay = messaging.Value.RetryDelay(failedAttempts);
        var mainQueue = broker.Options.QueueName;
        var ttl = (long)delay.TotalMilliseconds;
        var retryQueue = $"{mainQueue}.retry.{ttl}ms";
        LogRetrying(logger, exception, messageId, failedAttempts, delay.TotalSeconds, retryQueue);

        // Declared on every retry (retries are rare): this keeps the queue from expiring while it holds the copy.
        await channel.QueueDeclareAsync(
            retryQueue,
            durable: true,
            exclusive: false,
            autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-message-ttl"] = ttl,
                ["x-dead-letter-exchange"] = string.Empty,
                ["x-dead-letter-routing-key"] = mainQueue,
                ["x-expires"] = ttl + (long)RetryQueueExpiry.TotalMilliseconds,
            });

        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            Type = type,
            ContentType = "application/json",
            Persistent = true,
            Headers = new Dictionary<string, object?> { [FailedAttemptsHeader] = failedAttempts },
        };
        await channel.BasicPublishAsync(string.Empty, retryQueue, mandatory: true, properties, Encoding.UTF8.GetBytes(payload));
    }

    /// <summary>0 for a first delivery; the copies this consumer puts in a retry queue carry the count (an int).</summary>
    private static int FailedAttemptsOf(IDictionary<string, object?>? headers) =>
        headers is not null && headers.TryGetValue(FailedAttemptsHeader, out var value) && value is int count and > 0 ? count : 0;

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

    public override void Dispose()
    {
        _inFlight.Dispose();
        base.Dispose();
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
