using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PortfolioSample.Domain.Catalog;
using PortfolioSample.Domain.Ordering;

namespace PortfolioSample.Infrastructure.Persistence.Configurations;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("OrderLines");
        builder.HasKey(line => line.Id);
        builder.Property(line => line.ProductName).HasMaxLength(Product.NameMaxLength).IsRequired();
        builder.Property(line => line.UnitPrice).HasPrecision(18, 2);
        builder.Ignore(line => line.LineTotal);

        // A product that was ever ordered cannot be deleted: order history must stay intact.
        builder.HasOne<Product>()
            .WithMany()
            .HasForeignKey(line => line.ProductId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
