using Microsoft.EntityFrameworkCore;
using PortfolioSample.Worker.Messaging;
#if (!UseRabbitMq)
using PortfolioSample.Worker.Messaging.InProcess;
#endif

namespace PortfolioSample.Worker.Persistence;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<StockLevel> StockLevels => Set<StockLevel>();

    /// <summary>The inbox: the message ids each consumer has handled.</summary>
    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    public DbSet<DeadLetter> DeadLetters => Set<DeadLetter>();
#if (!UseRabbitMq)

    /// <summary>The durable queue: messages waiting to be consumed.</summary>
    public DbSet<QueuedMessage> QueuedMessages => Set<QueuedMessage>();
#endif

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
