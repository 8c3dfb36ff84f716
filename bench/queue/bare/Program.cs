// A bare RabbitMQ.Client publish/consume loop with the durability the generated rabbitmq path has: a durable queue,
// persistent messages, publisher confirms (batches of 50 in flight, as the outbox dispatcher publishes them), a
// prefetch of 32 and a manual ack per message. No database. After an untimed warm-up, prints one JSON line: the units
// per second from the first publish to the last ack, this process's CPU time per unit over that measured run, and the
// broker's version.
//
//   dotnet BareQueue.dll <amqp uri> <messages> <consumers>
//   dotnet BareQueue.dll <amqp uri> --delete-queue <name>
//       deletes a queue a benchmark scenario declared (bench/queue/run.sh has no other AMQP client)
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

var uri = new Uri(args[0]);
if (args is [_, "--delete-queue", var queueToDelete])
{
    await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
    await using var channel = await connection.CreateChannelAsync();
    await channel.QueueDeleteAsync(queueToDelete, ifUnused: false, ifEmpty: false);
    return;
}

var messages = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var consumers = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var queue = "bench-bare-" + Guid.NewGuid().ToString("N")[..8];

await using var publisherConnection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
await using var publisher = await publisherConnection.CreateChannelAsync(new CreateChannelOptions(true, true));
await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);

var acked = 0;
var target = 0;
var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
var consumerConnections = new List<IConnection>();
for (var i = 0; i < consumers; i++)
{
    // One connection per consumer, as separate worker processes would have.
    var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
    consumerConnections.Add(connection);
    var channel = await connection.CreateChannelAsync();
    await channel.BasicQosAsync(0, 32, false);
    var consumer = new AsyncEventingBasicConsumer(channel);
    consumer.ReceivedAsync += async (_, delivery) =>
    {
        _ = Encoding.UTF8.GetString(delivery.Body.Span);
        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        if (Interlocked.Increment(ref acked) == Volatile.Read(ref target))
        {
            done.TrySetResult();
        }
    };
    await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
}

// An untimed warm-up as large as the measured run (JIT, connections), as the generated path gets in bench/queue/run.sh.
await RunAsync(messages);
var cpuBefore = Environment.CpuUsage.TotalTime;
var elapsed = await RunAsync(messages);
var cpuPerUnit = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMicroseconds / messages;
await publisher.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false);
foreach (var connection in consumerConnections)
{
    await connection.DisposeAsync();
}

var brokerVersion = publisherConnection.ServerProperties?.TryGetValue("version", out var version) == true && version is byte[] bytes
    ? Encoding.UTF8.GetString(bytes)
    : "unknown";
Console.WriteLine(JsonSerializer.Serialize(
    new
    {
        UnitsPerS = Math.Round(messages / elapsed.TotalSeconds, 1),
        ClientCpuUsPerUnit = Math.Round(cpuPerUnit, 1),
        BrokerVersion = brokerVersion,
    },
    new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));

async Task<TimeSpan> RunAsync(int count)
{
    Volatile.Write(ref acked, 0);
    Volatile.Write(ref target, count);
    done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var stopwatch = Stopwatch.StartNew();
    for (var sent = 0; sent < count; sent += 50)
    {
        var batch = Enumerable.Range(sent, Math.Min(50, count - sent)).Select(async n =>
        {
            var properties = new BasicProperties { MessageId = Guid.NewGuid().ToString(), Type = "order-placed.v1", Persistent = true };
            await publisher.BasicPublishAsync(string.Empty, queue, true, properties, Encoding.UTF8.GetBytes($$"""{"orderId":{{n}}}"""));
        });
        await Task.WhenAll(batch);
    }

    await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
    return stopwatch.Elapsed;
}
