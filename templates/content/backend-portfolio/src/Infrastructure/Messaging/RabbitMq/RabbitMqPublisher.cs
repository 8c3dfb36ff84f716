using System.Text;
using RabbitMQ.Client;

namespace PortfolioSample.Infrastructure.Messaging.RabbitMq;

/// <summary>
/// Publishes to the durable queue as persistent messages, on one channel with publisher confirms: a publish completes
/// only once the broker has taken responsibility for the message (written it to disk), so no caller takes a message
/// for sent that the broker could still lose.
/// </summary>
public sealed class RabbitMqPublisher(RabbitMqConnection broker) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    /// <summary>
    /// Opens the channel unless it is open. A caller with a batch to publish calls this first, so that a broker that
    /// is down fails the batch once instead of once per message.
    /// </summary>
    public Task ConnectAsync(CancellationToken cancellationToken) => GetChannelAsync(cancellationToken);

    /// <summary>Publishes one message; the task completes when the broker has confirmed it, and fails otherwise.</summary>
    public async Task PublishAsync(Guid messageId, string type, string payload, CancellationToken cancellationToken)
    {
        var channel = await GetChannelAsync(cancellationToken);
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            Type = type,
            ContentType = "application/json",
            Persistent = true,
        };

        // mandatory: a message the broker cannot route to a queue is returned and the publish fails, never dropped.
        await channel.BasicPublishAsync(
            exchange: string.Empty,
            routingKey: broker.Options.QueueName,
            mandatory: true,
            basicProperties: properties,
            body: Encoding.UTF8.GetBytes(payload),
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
