using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PortfolioSample.Domain.Ordering;

namespace PortfolioSample.Infrastructure.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("Orders");
        builder.HasKey(order => order.Id);

        builder.Property(order => order.CustomerEmail).HasMaxLength(Order.CustomerEmailMaxLength).IsRequired();
        builder.Property(order => order.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(order => order.Version).IsConcurrencyToken();
        builder.Property(order => order.Total).HasPrecision(18, 2);
#if (!NoMessaging)
        builder.Ignore(order => order.DomainEvents);
#endif

        // The list endpoint filters by status and pages by id; a customer's orders are looked up by e-mail.
        builder.HasIndex(order => new { order.Status, order.Id });
        builder.HasIndex(order => order.CustomerEmail);

        builder.HasMany(order => order.Lines)
            .WithOne()
            .HasForeignKey(line => line.OrderId)
            .OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(order => order.Lines).HasField("_lines").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
