namespace PortfolioSample.Infrastructure.Messaging;

/// <summary>
/// The integration message "sample-event": <see cref="Quantity"/> more of <see cref="Key"/>, an identifier such as a
/// SKU (ASCII letters, digits, '-', '_', '.' and ':'; "sku-1" and "SKU-1" are the same key). Publish it with
/// <see cref="Persistence.AppDbContext.Publish{TMessage}"/> before saving the change it announces, so that both are
/// committed together; <see cref="SampleEventHandler"/> consumes it after the commit.
/// </summary>
public sealed record SampleEventMessage(string Key, int Quantity) : IIntegrationMessage
{
    /// <summary>Versioned: a payload whose shape changes travels under a new name, with a handler of its own.</summary>
    public static string MessageType => "sample-event.v1";
}
