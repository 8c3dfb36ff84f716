namespace PortfolioKit.Templates.Tests.Infrastructure;

public sealed class BrokerFactAttribute : FactAttribute
{
    public BrokerFactAttribute() => Skip = Broker.SkipReason;
}
