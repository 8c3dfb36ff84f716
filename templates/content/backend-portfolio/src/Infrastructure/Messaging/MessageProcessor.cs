using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortfolioSample.Infrastructure.Persistence;

namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>A message as a transport hands it over: its id (the inbox key), its type and its JSON payload.</summary>
public sealed record IncomingMessage(Guid Id, string Type, string Payload);

/// <summary>
/// Runs delivered messages through their handlers exactly once: the handlers' effects and the inbox records of the
/// messages commit in one transaction, and a message already in the inbox is skipped.
/// </summary>
public sealed partial class MessageProcessor(IServiceScopeFactory scopes, MessageRoutes routes, TimeProvider clock, ILogger<MessageProcessor> logger)
{
    /// <summary>Returns <see langword="false"/> when the message was a duplicate and changed nothing.</summary>
    /// <exception cref="PoisonMessageException">The message can never succeed.</exception>
    public async Task<bool> ProcessAsync(Guid messageId, string type, string payload, CancellationToken cancellationToken) =>
        await ProcessAsync([new IncomingMessage(messageId, type, payload)], cancellationToken) == 1;

    /// <summary>
    /// Handles a batch in one scope and one transaction: each handler runs once, on its messages that are not in the
    /// inbox yet, then their inbox records are added and everything is saved and committed. All of it commits, or none
    /// of it does and the exception is thrown (<see cref="ProcessIsolatingFailuresAsync"/> then handles the messages one
    /// at a time, to find the one at fault). One inbox query, one save and one commit per batch instead of per message
    /// is what lets a worker keep up with a busy outbox. Returns how many messages were handled; the rest were
    /// duplicates.
    /// </summary>
    /// <exception cref="PoisonMessageException">A message of the batch can never succeed.</exception>
    public async Task<int> ProcessAsync(IReadOnlyList<IncomingMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var routed = batch
            .Select(message => (Message: message, Route: routes.Find(message.Type) ?? throw new PoisonMessageException($"Unknown message type '{message.Type}'.")))
            .ToList();

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // The batch is the unit: a failure rolls all of it back, so per-save savepoints would only cost round trips.
        db.Database.AutoSavepointsEnabled = false;
        // Read committed, PostgreSQL's default: under MySQL's and MariaDB's default (repeatable read) the handlers'
        // reads inside their updates also lock the gaps between rows, where orders being placed insert their lines, and
        // the two deadlock. The inbox's primary key, not the isolation level, is what keeps a message from being handled twice.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

        var ids = batch.Select(message => message.Id).Distinct().ToList();
        var processed = (await db.ProcessedMessages
                .Where(row => ids.Contains(row.MessageId))
                .Select(row => new { row.MessageId, row.Consumer })
                .ToListAsync(cancellationToken))
            .Select(row => (row.MessageId, row.Consumer))
            .ToHashSet();

        var fresh = new List<(IncomingMessage Message, MessageRoute Route)>(routed.Count);
        foreach (var entry in routed)
        {
            // A message twice in one batch (delivered again while its first delivery was in flight) counts once too.
            if (processed.Add((entry.Message.Id, entry.Route.Consumer)))
            {
                fresh.Add(entry);
            }
        }

        foreach (var handler in fresh.GroupBy(entry => entry.Route, entry => entry.Message.Payload))
        {
            await handler.Key.HandleAsync(scope.ServiceProvider, [.. handler], cancellationToken);
        }

        var now = clock.GetUtcNow();
        db.ProcessedMessages.AddRange(fresh.Select(entry => new ProcessedMessage(entry.Message.Id, entry.Route.Consumer, now)));
        // One round trip for every handler's tracked changes and every inbox record.
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return fresh.Count;
    }

    /// <summary>
    /// What every transport does with what it received: the batch in one transaction and, if that fails, each message
    /// in a transaction of its own, in order, so that only the messages at fault fail and the rest are handled.
    /// Returns, for each message of <paramref name="batch"/>, the exception it failed with, or <see langword="null"/>
    /// when it was handled or was a duplicate. Only cancellation is thrown.
    /// </summary>
    public async Task<Exception?[]> ProcessIsolatingFailuresAsync(IReadOnlyList<IncomingMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failures = new Exception?[batch.Count];
        if (batch.Count == 0)
        {
            return failures;
        }

        try
        {
            await ProcessAsync(batch, cancellationToken);
            return failures;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (batch.Count == 1)
            {
                failures[0] = exception;
                return failures;
            }

            LogBatchFailed(logger, exception, batch.Count);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                await ProcessAsync([batch[i]], cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                failures[i] = exception;
            }
        }

        return failures;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} messages failed; handling them one at a time.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}

/// <summary>Deserialises payloads of one message type and runs their handler, from a scope's services.</summary>
public delegate Task MessageHandling(IServiceProvider services, IReadOnlyList<string> payloads, CancellationToken cancellationToken);

/// <summary>How one message type is handled: the inbox name of its handler, and the handling.</summary>
public sealed record MessageRoute(string Consumer, MessageHandling HandleAsync);

/// <summary>The route of every message type that has a handler, found once at start-up.</summary>
public sealed class MessageRoutes(IReadOnlyDictionary<string, MessageRoute> routes)
{
    public MessageRoute? Find(string messageType) => routes.GetValueOrDefault(messageType);

    /// <summary>
    /// Registers every <see cref="IMessageHandler{TMessage}"/> in this assembly as a scoped service and routes its
    /// message type to it. Two handlers of the same type fail here, at start-up, not at the first message. A
    /// handler's class name is its name in the inbox: renaming the class lets messages handled before the rename be
    /// handled again if they are delivered again.
    /// </summary>
    internal static MessageRoutes Register(IServiceCollection services)
    {
        var routes = new Dictionary<string, MessageRoute>(StringComparer.Ordinal);
        var handlers = typeof(MessageRoutes).Assembly.GetTypes().Where(type => type is { IsClass: true, IsAbstract: false });
        foreach (var handler in handlers)
        {
            foreach (var contract in handler.GetInterfaces().Where(IsMessageHandler))
            {
                if (handler.Name.Length > ProcessedMessage.ConsumerMaxLength)
                {
                    throw new InvalidOperationException($"The handler name {handler.Name} is its inbox name, which is at most {ProcessedMessage.ConsumerMaxLength} characters.");
                }

                services.AddScoped(contract, handler);
                var message = contract.GetGenericArguments()[0];
                var (type, handle) = ((string, MessageHandling))RouteForMethod.MakeGenericMethod(message).Invoke(null, null)!;
                if (!routes.TryAdd(type, new MessageRoute(handler.Name, handle)))
                {
                    throw new InvalidOperationException($"Message type '{type}' has more than one handler; {handler.Name} is one of them.");
                }
            }
        }

        return new MessageRoutes(routes);
    }

    private static bool IsMessageHandler(Type contract) =>
        contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IMessageHandler<>);

    private static readonly System.Reflection.MethodInfo RouteForMethod =
        typeof(MessageRoutes).GetMethod(nameof(RouteFor), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    private static (string Type, MessageHandling Handle) RouteFor<TMessage>()
        where TMessage : IIntegrationMessage =>
        (TMessage.MessageType, (services, payloads, cancellationToken) => services
            .GetRequiredService<IMessageHandler<TMessage>>()
            .HandleAsync([.. payloads.Select(MessageJson.Deserialize<TMessage>)], cancellationToken));
}
