using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PortfolioSample.Worker.Messaging;
using PortfolioSample.Worker.Messaging.InProcess;

namespace PortfolioSample.Worker.Persistence.Configurations;

internal sealed class QueuedMessageConfiguration : IEntityTypeConfiguration<QueuedMessage>
{
    public void Configure(EntityTypeBuilder<QueuedMessage> builder)
    {
        builder.ToTable("QueuedMessages");
        builder.HasKey(message => message.Id);
        builder.Property(message => message.Id).ValueGeneratedNever();
        builder.Property(message => message.Type).HasMaxLength(Messages.TypeMaxLength).IsRequired();
        builder.Property(message => message.Payload).IsRequired();
        builder.Property(message => message.LastError).HasMaxLength(QueuedMessage.ErrorMaxLength);
        // Completing or dead-lettering a message deletes it only while the claim is still this consumer's.
        builder.Property(message => message.LockToken).IsConcurrencyToken();

        // The consumer looks for due messages in the order they became due, and reads back its claim by token.
        builder.HasIndex(message => message.AvailableAt);
        builder.HasIndex(message => message.LockToken);
    }
}
