namespace PortfolioKit.Analyzers;

/// <summary>
/// The one registry of rule ids. The first digit after "PK" is the category
/// (see <see cref="RuleCategories"/>); ids are never reused once shipped.
/// </summary>
public static class RuleIdentifiers
{
    // PK1xxx: scalability
    public const string HttpClientCreatedPerUse = "PK1001";
    public const string ThreadSleepInAsyncCode = "PK1002";
    public const string StaticMutableCollection = "PK1003";

    // PK2xxx: relational data
    public const string SqlBuiltFromStrings = "PK2001";
    public const string UnboundedQueryReturned = "PK2002";
    public const string QueryInsideLoop = "PK2003";
    public const string SaveChangesInsideLoop = "PK2004";
    public const string DbContextInLongLivedService = "PK2005";

    // PK3xxx: API design
    public const string EntityReturnedFromEndpoint = "PK3001";
    public const string UseTypedResults = "PK3002";
    public const string ExceptionDetailsSentToClient = "PK3003";

    // PK4xxx: security
    public const string HardCodedSecret = "PK4001";

    // PK5xxx: observability and testability
    public const string ConsoleOutputInServiceCode = "PK5001";
    public const string SystemClockInsteadOfTimeProvider = "PK5002";
    public const string NoHealthChecksMapped = "PK5003";

    // PK9xxx is reserved for the repository-readiness rules (category "Portfolio").
}
