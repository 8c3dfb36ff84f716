using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PortfolioSample.Infrastructure.Messaging;

namespace PortfolioSample.Infrastructure.Persistence.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(message => message.Id);
        builder.Property(message => message.Id).ValueGeneratedNever();
        builder.Property(message => message.Type).HasMaxLength(Messages.TypeMaxLength).IsRequired();
        builder.Property(message => message.Payload).IsRequired();
        builder.Property(message => message.LastError).HasMaxLength(OutboxMessage.ErrorMaxLength);
        // Completing or dead-lettering a message deletes it only while the claim is still this dispatcher's.
        builder.Property(message => message.LockToken).IsConcurrencyToken();

        // The dispatcher looks for due messages in the order they became due, and reads back its claim by token.
        builder.HasIndex(message => message.AvailableAt);
        builder.HasIndex(message => message.LockToken);
    }
}
