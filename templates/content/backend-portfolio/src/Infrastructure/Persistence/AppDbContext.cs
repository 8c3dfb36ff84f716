using Microsoft.EntityFrameworkCore;
using PortfolioSample.Domain.Catalog;
#if (!NoMessaging)
using PortfolioSample.Domain.Common;
#endif
using PortfolioSample.Domain.Ordering;
#if (!NoMessaging)
using PortfolioSample.Infrastructure.Messaging;
#endif

namespace PortfolioSample.Infrastructure.Persistence;

#if (!NoMessaging)
/// <summary>The database session: the catalogue, the orders and, in the same transactions, the outbox and the inbox.</summary>
/// <param name="options">The context's options.</param>
/// <param name="outboxSignal">This process's outbox dispatcher, woken after a save that committed outbox messages; none where no dispatcher runs.</param>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options, OutboxSignal? outboxSignal = null) : DbContext(options)
#else
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
#endif
{
    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();
#if (!NoMessaging)

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();

    /// <summary>
    /// Puts <paramref name="message"/> in the outbox. It is written by the next <see cref="SaveChangesAsync(bool, CancellationToken)"/>,
    /// in the same transaction as the changes it announces, and delivered to its handler after the commit.
    /// </summary>
    public void Publish<TMessage>(TMessage message, DateTimeOffset occurredAt)
        where TMessage : IIntegrationMessage =>
        OutboxMessages.Add(Messages.ToOutboxMessage(message, occurredAt));

    /// <summary>
    /// Saves the changes and, in the same transaction, an outbox message for every domain event the changed
    /// aggregates recorded: either both are committed or neither is. Events are turned into messages after a first
    /// save because they refer to ids the database generates.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var raising = ChangeTracker.Entries<IHasDomainEvents>()
            .Select(entry => entry.Entity)
            .Where(entity => entity.DomainEvents.Count > 0)
            .ToList();
        if (raising.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        // In a transaction of its own, a failure rolls everything back: a savepoint around each of the two saves would
        // only cost two more round trips each. (In a caller's transaction, the caller may want them.)
        var savepoints = Database.AutoSavepointsEnabled;
        Database.AutoSavepointsEnabled = savepoints && ownTransaction is null;
        try
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            var events = raising.SelectMany(entity => entity.DomainEvents).ToList();
            OutboxMessages.AddRange(events.Select(Messages.ToOutboxMessage));
            written += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
                // Committed: the dispatcher can deliver them now. (In a caller's transaction, its next poll does.)
                outboxSignal?.Notify();
            }

            raising.ForEach(entity => entity.ClearDomainEvents());
            return written;
        }
        finally
        {
            Database.AutoSavepointsEnabled = savepoints;
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>Synchronous saves would bypass the outbox; everything in this solution saves asynchronously.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        ChangeTracker.Entries<IHasDomainEvents>().Any(entry => entry.Entity.DomainEvents.Count > 0)
            ? throw new NotSupportedException("Use SaveChangesAsync: it writes the outbox messages of domain events.")
            : base.SaveChanges(acceptAllChangesOnSuccess);
#endif

#if (UseMySql)
    /// <summary>
    /// The MySQL provider stores a DateTimeOffset as DATETIME, whole seconds; datetime(6) keeps microseconds, as the other
    /// engines do, for ordering and comparing in SQL (the provider still reads a DateTimeOffset to the second).
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveColumnType("datetime(6)");

#endif
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
