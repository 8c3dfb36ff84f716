using System.Text;
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
/// sends each at most <see cref="RabbitMqOptions.PrefetchCount"/> unacknowledged messages. A message is acknowledged
/// only after the handler's transaction committed (or the message was dead-lettered), so a worker that dies
/// mid-message leaves it to be redelivered, and the handler's inbox makes that redelivery a no-op.
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
        await channel.BasicConsumeAsync(broker.Options.QueueName, autoAck: false, consumer, stoppingToken);
        LogConsuming(logger, broker.Options.QueueName, broker.Options.PrefetchCount);

        await closed.Task.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken stoppingToken)
    {
        var payload = Encoding.UTF8.GetString(delivery.Body.Span);
        var type = delivery.BasicProperties.Type ?? string.Empty;
        try
        {
            if (!Guid.TryParse(delivery.BasicProperties.MessageId, out var messageId))
            {
                messageId = Guid.NewGuid();
                await DeadLetterAsync(messageId, type, payload, "The message has no message id, so it cannot be handled idempotently.", 1, stoppingToken);
            }
            else
            {
                await ProcessWithRetriesAsync(messageId, type, payload, stoppingToken);
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // Not even the dead letter could be written (the database is down): give the message back to the queue.
            LogRequeued(logger, exception, delivery.BasicProperties.MessageId);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, stoppingToken);
        }
    }

    private async Task ProcessWithRetriesAsync(Guid messageId, string type, string payload, CancellationToken stoppingToken)
    {
        var options = messaging.Value;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await processor.ProcessAsync(messageId, type, payload, stoppingToken);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested
                && (exception is PoisonMessageException || attempt >= options.MaxAttempts))
            {
                await DeadLetterAsync(messageId, type, payload, $"{exception.GetType().Name}: {exception.Message}", attempt, stoppingToken);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = options.RetryDelay(attempt);
                LogRetrying(logger, exception, messageId, attempt, delay.TotalSeconds);
                await Task.Delay(delay, clock, stoppingToken);
            }
        }
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
