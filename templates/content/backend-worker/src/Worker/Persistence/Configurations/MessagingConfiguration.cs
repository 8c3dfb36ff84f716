using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PortfolioSample.Worker.Messaging;
#if (!UseRabbitMq)
using PortfolioSample.Worker.Messaging.InProcess;
#endif

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

internal sealed class ProcessedMessageConfiguration : IEntityTypeConfiguration<ProcessedMessage>
{
    public void Configure(EntityTypeBuilder<ProcessedMessage> builder)
    {
        builder.ToTable("ProcessedMessages");
        // The key is the uniqueness guarantee: a consumer records a message id once, or its transaction fails.
        builder.HasKey(message => new { message.MessageId, message.Consumer });
        builder.Property(message => message.Consumer).HasMaxLength(ProcessedMessage.ConsumerMaxLength);
    }
}

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
#if (!UseRabbitMq)

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
#endif
