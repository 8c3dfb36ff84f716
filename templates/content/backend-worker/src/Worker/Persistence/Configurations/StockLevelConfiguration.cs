using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PortfolioSample.Worker.Messaging;

namespace PortfolioSample.Worker.Persistence.Configurations;

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> builder)
    {
        builder.ToTable("StockLevels");
        builder.HasKey(level => level.Sku);
        builder.Property(level => level.Sku).HasMaxLength(StockReceivedMessage.SkuMaxLength);
    }
}
