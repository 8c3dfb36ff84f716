using System.Text;
using RabbitMQ.Client;

namespace PortfolioSample.Infrastructure.Messaging.RabbitMq;

/// <summary>
/// Publishes outbox messages to the durable queue as persistent messages, on a channel with publisher confirms: a
/// publish completes only once the broker has taken responsibility for the message (written it to disk), so the
/// dispatcher never deletes an outbox row the broker could still lose.
/// </summary>
public sealed class RabbitMqOutboxDelivery(RabbitMqConnection broker) : IOutboxDelivery, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    /// <summary>A broker that is down is waited for: its failures never dead-letter a message.</summary>
    public bool FailuresAreFinal => false;

    public async Task<Exception?[]> DeliverAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failures = new Exception?[batch.Count];
        IChannel channel;
        try
        {
            channel = await GetChannelAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Array.Fill(failures, exception);
            return failures;
        }

        // The whole batch is in flight at once; each publish completes when the broker confirms that message.
        var publishes = batch.Select(message => PublishAsync(channel, message, cancellationToken)).ToArray();
        for (var i = 0; i < publishes.Length; i++)
        {
            try
            {
                await publishes[i];
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failures[i] = exception;
            }
        }

        return failures;
    }

    private async Task PublishAsync(IChannel channel, OutboxMessage message, CancellationToken cancellationToken)
    {
        var properties = new BasicProperties
        {
            MessageId = message.Id.ToString(),
            Type = message.Type,
            ContentType = "application/json",
            Persistent = true,
        };

        // mandatory: a message the broker cannot route to a queue is returned and the publish fails, never dropped.
        await channel.BasicPublishAsync(
            exchange: string.Empty,
            routingKey: broker.Options.QueueName,
            mandatory: true,
            basicProperties: properties,
            body: Encoding.UTF8.GetBytes(message.Payload),
            cancellationToken: cancellationToken);
    }

    private async Task<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } opened)
            {
                return opened;
            }

            if (_channel is not null)
            {
                await _channel.DisposeAsync();
            }

            var connection = await broker.GetAsync(cancellationToken);
            var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                cancellationToken);
            await broker.DeclareQueueAsync(channel, cancellationToken);
            _channel = channel;
            return channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }

        _gate.Dispose();
    }
}
