namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// What `dotnet new backend-consumer --name "stock received"` adds to a solution, as the tests that run it
/// (<see cref="ItemTemplateTests"/> on SQLite, the option matrix on PostgreSQL and MariaDB) expect it.
/// </summary>
public static class ConsumerItem
{
    public const string Name = "stock received";

    /// <summary>The generated test class.</summary>
    public const string TestClass = "StockReceivedHandlerTests";

    /// <summary>The generated tests: three facts and five rows of the poison-message theory.</summary>
    public const int TestCount = 10;
}
