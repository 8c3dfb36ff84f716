using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// A queue of a test's own on the shared broker (PK_TEST_RABBITMQ): its depth, read from the broker, and its removal
/// when the test is done. (A generated app's retry queues expire by themselves a minute after their last message.)
/// </summary>
public sealed class QueueOnBroker(string brokerUri, string name)
{
    public string Name { get; } = name;

    /// <summary>
    /// The messages the queue holds that no consumer has acknowledged yet but are not out for delivery: with every
    /// consumer stopped, that is every message not acknowledged. Null when the queue does not exist.
    /// </summary>
    public async Task<uint?> DepthAsync()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(Name)).MessageCount;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// The message ids of what the queue holds, read without taking anything: the channel closes without an
    /// acknowledgement, so the broker puts every message back.
    /// </summary>
    public async Task<IReadOnlyList<string?>> PeekMessageIdsAsync()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var ids = new List<string?>();
        while (await channel.BasicGetAsync(Name, autoAck: false) is { } message)
        {
            ids.Add(message.BasicProperties.MessageId);
        }

        return ids;
    }

    public async Task DeleteAsync()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(Name, ifUnused: false, ifEmpty: false);
    }

    /// <summary>Connects, trying three times: on a busy machine the broker may time out a handshake (10 s).</summary>
    private async Task<IConnection> ConnectAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(brokerUri), ClientProvidedName = "pk-template-tests" };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await factory.CreateConnectionAsync();
            }
            catch (BrokerUnreachableException) when (attempt < 3)
            {
                // Again at once: the broker answered too slowly, it did not refuse.
            }
        }
    }
}
