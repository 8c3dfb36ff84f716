using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PortfolioSample.Infrastructure.Messaging;

namespace PortfolioSample.Infrastructure.Persistence.Configurations;

internal sealed class DeadLetterConfiguration : IEntityTypeConfiguration<DeadLetter>
{
    public void Configure(EntityTypeBuilder<DeadLetter> builder)
    {
        builder.ToTable("DeadLetters");
        builder.HasKey(letter => letter.Id);
        builder.Property(letter => letter.Type).HasMaxLength(Messages.TypeMaxLength).IsRequired();
        builder.Property(letter => letter.Payload).IsRequired();
        builder.Property(letter => letter.Reason).HasMaxLength(DeadLetter.ReasonMaxLength).IsRequired();
        builder.HasIndex(letter => letter.MessageId);
    }
}
