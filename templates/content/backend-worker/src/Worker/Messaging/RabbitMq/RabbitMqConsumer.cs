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
/// mid-message leaves it to be redelivered, and the handler's inbox makes that redelivery a no-op. On shutdown the
/// consumer is cancelled first, the message in hand is finished and acknowledged, and the prefetched rest go back to
/// the queue when the channel closes.
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
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
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
                    await ProcessWithRetriesAsync(messageId, type, payload, stoppingToken);
                }

                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shut down while backing off: left unacknowledged, the broker redelivers it when the channel closes.
            }
            catch (Exception exception)
            {
                // Not even the dead letter could be written (the database is down): give the message back to the queue.
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
    /// Handles the message, retrying with exponential backoff while it stays unacknowledged. Shutdown during a backoff
    /// abandons it (unacknowledged, so the broker redelivers it); an attempt already started is finished.
    /// </summary>
    private async Task ProcessWithRetriesAsync(Guid messageId, string type, string payload, CancellationToken stoppingToken)
    {
        var options = messaging.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await processor.ProcessAsync(messageId, type, payload, CancellationToken.None);
                return;
            }
            catch (Exception exception) when (options.IsFinal(exception, attempt))
            {
                await DeadLetterAsync(messageId, type, payload, Messages.DescribeFailure(exception), attempt);
                return;
            }
            catch (Exception exception)
            {
                var delay = options.RetryDelay(attempt);
                LogRetrying(logger, exception, messageId, attempt, delay.TotalSeconds);
                metrics.Retried(type);
                await Task.Delay(delay, clock, stoppingToken);
            }
        }
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

    public override void Dispose()
    {
        _inFlight.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Queue} with a prefetch of {PrefetchCount}.")]
    private static partial void LogConsuming(ILogger logger, string queue, ushort prefetchCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker is unavailable; reconnecting in {Seconds} s.")]
    private static partial void LogBrokerUnavailable(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} failed (attempt {Attempts}); retrying in {Seconds} s.")]
    private static partial void LogRetrying(ILogger logger, Exception exception, Guid messageId, int attempts, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} ({MessageType}) moved to the dead letters after {Attempts} attempt(s): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, Guid messageId, string messageType, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} could not be handled or dead-lettered; it goes back to the queue.")]
    private static partial void LogRequeued(ILogger logger, Exception exception, string? messageId);
}
