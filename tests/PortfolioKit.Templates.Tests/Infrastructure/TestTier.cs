namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Which tier of the suite runs: the full suite, or the fast tier of `./eng/test.sh --fast` (PK_TEST_TIER=fast), which
/// builds only the flagship and runs the tests marked <c>[Trait("Tier", "Fast")]</c>.
/// </summary>
public static class TestTier
{
    public const string Trait = "Tier";

    public const string Fast = "Fast";

    public static bool IsFast => string.Equals(Environment.GetEnvironmentVariable("PK_TEST_TIER"), "fast", StringComparison.OrdinalIgnoreCase);
}
