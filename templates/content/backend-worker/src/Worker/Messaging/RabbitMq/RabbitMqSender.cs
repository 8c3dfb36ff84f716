namespace PortfolioSample.Worker.Messaging.RabbitMq;

/// <summary>
/// Sends through <see cref="RabbitMqPublisher"/>, which completes only once the broker has confirmed the message, so
/// the intake answers 202 only for messages the broker cannot lose.
/// </summary>
public sealed class RabbitMqSender(RabbitMqPublisher publisher) : IMessageSender
{
    public Task SendAsync(Guid messageId, string type, string payload, CancellationToken cancellationToken) =>
        publisher.PublishAsync(messageId, type, payload, cancellationToken);
}
