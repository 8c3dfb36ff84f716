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
    public const string SyncOverAsyncInHandler = "PK1004";
    public const string FireAndForgetInHandler = "PK1005";

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
    public const string WeakPasswordHashing = "PK4002";

    // PK5xxx: observability and testability
    public const string ConsoleOutputInServiceCode = "PK5001";
    public const string SystemClockInsteadOfTimeProvider = "PK5002";
    public const string NoHealthChecksMapped = "PK5003";
    public const string SwallowedException = "PK5004";

    // PK6xxx: architecture (how the solution is split into projects)
    public const string DomainReferencesInfrastructure = "PK6001";

    // PK9xxx: repository readiness (category "Portfolio"); PK90xx the README, PK91xx repository files,
    // PK92xx what repository files contain.
    public const string NoReadme = "PK9001";
    public const string ReadmeOpening = "PK9002";
    public const string ReadmeRunCommand = "PK9003";
    public const string ReadmeTestCommand = "PK9004";
    public const string ReadmeArchitecture = "PK9005";
    public const string ReadmeTechStack = "PK9006";
    public const string ReadmeTechStackMismatch = "PK9007";
    public const string NoLicense = "PK9101";
    public const string NoCiWorkflow = "PK9102";
    public const string CiRunsNoTests = "PK9103";
    public const string NoTestProject = "PK9104";
    public const string NoDependencyUpdates = "PK9105";
    public const string NoSecurityPolicy = "PK9106";
    public const string SecretInAppSettings = "PK9201";
    public const string ContainerRunsAsRoot = "PK9202";
    public const string SingleStageContainerBuild = "PK9203";
}
