using Acme.Orders.Domain.Catalog;
using Acme.Orders.Domain.Ordering;
using Acme.Orders.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace PeerWolverine;

/// <summary>
/// The generated model's products, orders and lines, mapped by the generated configurations (same tables, columns and
/// indexes), without the generated pipeline's own outbox: Wolverine adds its envelope tables to this context instead
/// (AddDbContextWithWolverineIntegration).
/// </summary>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    private static readonly string[] Mapped = ["ProductConfiguration", "OrderConfiguration", "OrderLineConfiguration"];

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, type => Mapped.Contains(type.Name));
}
