#if (UseRabbitMq)
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace PortfolioSample.Api.Tests;

/// <summary>The RabbitMQ broker the integration tests use, named by an environment variable.</summary>
public static class RabbitMqBroker
{
    /// <summary>An AMQP URI, for example <c>amqp://guest:guest@localhost:5672/</c>. CI sets it; see the README.</summary>
    public const string Variable = "TEST_RABBITMQ_CONNECTION_STRING";

    public static string? ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string? SkipReason { get; } = TestDatabase.SkipReason
        ?? (ConnectionString is null
            ? $"No RabbitMQ broker configured: set {Variable} (for example amqp://guest:guest@localhost:5672/) to run the broker tests (see README, 'Test it')."
            : null);

    /// <summary>How many messages wait in <paramref name="queue"/>, as the broker counts them.</summary>
    public static async Task<uint> MessagesReadyAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var declared = await channel.QueueDeclarePassiveAsync(queue);
        return declared.MessageCount;
    }

    /// <summary>Whether <paramref name="queue"/> exists yet: a consumer declares its queue when it starts, in the background.</summary>
    public static async Task<bool> QueueExistsAsync(string queue)
    {
        try
        {
            await MessagesReadyAsync(queue);
            return true;
        }
        catch (OperationInterruptedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Publishes to <paramref name="queue"/> as another producer would: persistent, mandatory and confirmed, with the
    /// message id left out when <paramref name="messageId"/> is null.
    /// </summary>
    public static async Task PublishAsync(string queue, Guid? messageId, string type, string payload)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { MessageId = messageId?.ToString(), Type = type, Persistent = true };
        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, Encoding.UTF8.GetBytes(payload));
    }

    /// <summary>Deletes a test's own queue, so that test runs leave nothing behind on the broker.</summary>
    public static async Task DeleteQueueAsync(string queue)
    {
        if (ConnectionString is null)
        {
            return;
        }

        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
    }

    private static Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { Uri = new Uri(ConnectionString ?? throw new InvalidOperationException(SkipReason)) }.CreateConnectionAsync();
}
#endif
