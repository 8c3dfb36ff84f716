using System.Text.RegularExpressions;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>The PortfolioKit repository-readiness findings (PK9xxx warnings, or errors under warnings-as-errors) in a build log.</summary>
public static partial class RepositoryFindings
{
    /// <summary>
    /// Each distinct PK9xxx line: the console logger may print a warning twice (inline and in its summary),
    /// but the same finding reported by two projects gives two distinct lines, as each ends with its project's path.
    /// </summary>
    public static IReadOnlyList<string> Warnings(string buildOutput) =>
        buildOutput.Split('\n')
            .Select(line => line.Trim())
            .Where(line => WarningPattern().IsMatch(line))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static IReadOnlyList<string> Ids(string buildOutput) =>
        Warnings(buildOutput).Select(line => WarningPattern().Match(line).Groups["id"].Value).Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"(?:warning|error) (?<id>PK9\d{3}):")]
    private static partial Regex WarningPattern();
}
