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
