namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>A test that needs <paramref name="engine"/>'s server; skipped off CI when none is configured.</summary>
public sealed class DatabaseServerFactAttribute : FactAttribute
{
    public DatabaseServerFactAttribute(string engine) => Skip = DatabaseServer.For(engine).SkipReason;
}
