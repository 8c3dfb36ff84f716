using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PortfolioSample.Infrastructure.Messaging;

namespace PortfolioSample.Infrastructure.Persistence.Configurations;

// AppDbContext applies every IEntityTypeConfiguration in this assembly, so this class is all the new table needs.
internal sealed class SampleEventTotalConfiguration : IEntityTypeConfiguration<SampleEventTotal>
{
    public void Configure(EntityTypeBuilder<SampleEventTotal> builder)
    {
        builder.ToTable("SampleEventTotals");
        // The key is the uniqueness guarantee that makes the handler's insert-or-update safe under concurrency.
        builder.HasKey(total => total.Key);
        builder.Property(total => total.Key).HasMaxLength(SampleEventTotal.KeyMaxLength);
        // A second consumer saving the same total fails instead of overwriting the first one's addition; its messages
        // are retried and add to the saved total.
        builder.Property(total => total.Version).IsConcurrencyToken();
    }
}
