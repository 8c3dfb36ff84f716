// The Wolverine peer of the queue benchmark (bench/queue/run.sh): the order pipeline of the generated
// `backend-portfolio --database postgres --messaging rabbitmq`, built on Wolverine the way its documentation recommends,
// over the generated entities, EF Core configurations and schema (see OrdersDbContext).
//
//   dotnet PeerWolverine.dll            the API: POST /api/orders writes the order and its OrderPlacedMessage in one
//                                       transaction (Wolverine's EF Core outbox), then Wolverine relays the message
//   dotnet PeerWolverine.dll worker     the worker: receives over RabbitMQ into Wolverine's durable inbox, reserves the
//                                       stock and confirms the order in one transaction with the inbox mark, once
//
// Configuration, as for the generated API and worker: ConnectionStrings:Database (PostgreSQL), ConnectionStrings:RabbitMq
// (an AMQP URI) and RabbitMq:QueueName. The schema comes from the generated migrations (the generated API's `migrate`);
// Wolverine creates its own tables (schema "wolverine") at start-up, as it does by default.
//
// The Wolverine settings chosen, each from its documentation (docs/guide in JasperFx/wolverine), and why:
// - PersistMessagesWithPostgresql: the message store (outbox, inbox, nodes) in the application's own database, which
//   the outbox needs to commit messages with the order (durability/postgresql.md).
// - AddDbContextWithWolverineIntegration: maps Wolverine's envelope tables into the DbContext and makes its options a
//   singleton, so an outgoing message is saved in the same EF Core batch as the order ("a significant performance gain",
//   durability/efcore/index.md and outbox-and-inbox.md).
// - UseEntityFrameworkCoreTransactions + Policies.AutoApplyTransactions: the transactional middleware around the
//   endpoint and the handler, in its default Eager mode, which the documentation asks for when a handler runs bulk
//   operations such as ExecuteUpdate (durability/efcore/transactional-middleware.md). The handler's changes and the
//   inbox mark commit in one transaction; then Wolverine acknowledges nothing more (the inbox already holds the message).
// - Wolverine.Http for the endpoint, which the documentation recommends over using the outbox from Minimal API code
//   ("always going to be easiest", outbox-and-inbox.md): the cascaded OrderPlacedMessage goes through the outbox.
// - UseDurableOutbox on the sending endpoint and UseDurableInbox on the listener (durability/index.md): a message is
//   persisted before it is sent, and persisted in the inbox before the broker delivery is acknowledged.
// - Publisher confirms on (ConfigureChannelCreation, messaging/transports/rabbitmq/performance.md). Wolverine's default is
//   off; the generated pipeline publishes with confirms, so this is the setting that gives both the same durability,
//   not a tuning. Messages to a durable endpoint are persistent by default; Wolverine declares the queue durable.
// - Prefetch 32 (PreFetchCount, rabbitmq/listening.md): the generated worker's prefetch. Wolverine's default for a
//   durable listener is twice MaximumParallelMessages; both sides get the same value instead.
// - Everything else at its default: DurabilityMode.Balanced (the production mode for more than one process), parallel
//   handling of the durable listener (MaximumParallelMessages), the inbox's batched inserts, dynamic code generation.
//   No batching of messages (BatchMessagesOf) and no further tuning.
using JasperFx.Resources;
using Microsoft.EntityFrameworkCore;
using PeerWolverine;
using Wolverine;
using Wolverine.EntityFrameworkCore;
using Wolverine.Http;
using Wolverine.Postgresql;
using Wolverine.RabbitMQ;

var worker = args is ["worker", ..];
IHostApplicationBuilder builder = worker ? Host.CreateApplicationBuilder(args) : WebApplication.CreateBuilder(args);
var database = builder.Configuration.GetConnectionString("Database")
    ?? throw new InvalidOperationException("ConnectionStrings:Database is not set.");
var broker = builder.Configuration.GetConnectionString("RabbitMq")
    ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not set.");
var queue = builder.Configuration["RabbitMq:QueueName"] ?? "orders.placed";

builder.UseWolverine(options =>
{
    options.ServiceName = worker ? "orders-worker" : "orders-api";
    options.PersistMessagesWithPostgresql(database, "wolverine");
    options.Services.AddDbContextWithWolverineIntegration<OrdersDbContext>(context => context.UseNpgsql(database), "wolverine");
    options.UseEntityFrameworkCoreTransactions();
    options.Policies.AutoApplyTransactions();
    options.Services.AddResourceSetupOnStartup();

    var rabbitMq = options.UseRabbitMq(new Uri(broker))
        .AutoProvision()
        .ConfigureChannelCreation(channel =>
        {
            channel.PublisherConfirmationsEnabled = true;
            channel.PublisherConfirmationTrackingEnabled = true;
        });

    if (worker)
    {
        // Both connections (the default): the listener also sends, to Wolverine's dead-letter queue.
        options.Discovery.DisableConventionalDiscovery().IncludeType(typeof(OrderPlacedHandler));
        options.ListenToRabbitQueue(queue).PreFetchCount(32).UseDurableInbox();
    }
    else
    {
        rabbitMq.UseSenderConnectionOnly();
        options.Discovery.DisableConventionalDiscovery();
        options.PublishMessage<OrderPlacedMessage>().ToRabbitQueue(queue).UseDurableOutbox();
    }
});

if (worker)
{
    using var host = ((HostApplicationBuilder)builder).Build();
    await host.StartAsync();
    // bench/queue/run.sh waits for this line, as it does for the generated worker's.
    Console.WriteLine($"Consuming {queue} (Wolverine, durable inbox).");
    await host.WaitForShutdownAsync();
    return;
}

var web = (WebApplicationBuilder)builder;
web.Services.AddWolverineHttp();
web.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
var app = web.Build();
app.MapGet("/health/ready", () => "Healthy");
app.MapWolverineEndpoints();

// The benchmark's backlog (bench/queue/run.sh inserted the orders, customers "<prefix>-..."): one OrderPlacedMessage per
// order, written to the outbox in one transaction, as POST /api/orders writes each one. Answers when it committed, which
// is when the backlog was accepted; Wolverine relays the messages from then on (the flush after the commit).
app.MapPost("/bench/backlog", async (string prefix, IDbContextOutbox<OrdersDbContext> outbox, CancellationToken cancellationToken) =>
{
    var db = outbox.DbContext;
    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
    var orderIds = await db.Orders.Where(order => order.CustomerEmail.StartsWith(prefix + "-")).OrderBy(order => order.Id)
        .Select(order => order.Id).ToListAsync(cancellationToken);
    foreach (var orderId in orderIds)
    {
        await outbox.PublishAsync(new OrderPlacedMessage(orderId));
    }

    await db.SaveChangesAsync(cancellationToken);
    await transaction.CommitAsync(cancellationToken);
    var committedAt = DateTimeOffset.UtcNow;
    await outbox.FlushOutgoingMessagesAsync();
    return Results.Ok(new { CommittedAt = committedAt, Messages = orderIds.Count });
});
await app.RunAsync();
