#if (UseRabbitMq)
namespace PortfolioSample.Api.Tests;

/// <summary>A test that needs the broker (and the database); skipped with the reason when either is not configured.</summary>
public sealed class RabbitMqFactAttribute : FactAttribute
{
    public RabbitMqFactAttribute() => Skip = RabbitMqBroker.SkipReason;
}
#endif
