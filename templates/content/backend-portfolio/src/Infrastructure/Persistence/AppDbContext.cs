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

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
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
        try
        {
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            var events = raising.SelectMany(entity => entity.DomainEvents).ToList();
            OutboxMessages.AddRange(events.Select(Messages.ToOutboxMessage));
            written += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            raising.ForEach(entity => entity.ClearDomainEvents());
            return written;
        }
        finally
        {
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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
