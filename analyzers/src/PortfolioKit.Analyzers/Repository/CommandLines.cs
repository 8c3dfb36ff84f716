using System.Text.RegularExpressions;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// Recognises the commands that start a project and the ones that run its tests, in a README's code or in a CI
/// definition. Deliberately broad in the tools it accepts (dotnet, Docker Compose, make, just, npm, scripts, ...):
/// the rules only ask that some such command is written down.
/// </summary>
internal static class CommandLines
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const int MaxLineLength = 2000;

    private static readonly Regex Run = new(
        @"\bdotnet\s+(?:run|watch)\b"
        + @"|\bdotnet\s+[\w./\\-]+\.dll\b"
        + @"|\b(?:docker|podman)[\s-]compose\b[^\r\n]{0,200}?\bup\b"
        + @"|\b(?:docker|podman)\s+run\b"
        + @"|\b(?:aspire|azd)\s+(?:run|up)\b"
        + @"|\bdotnet\s+aspire\s+run\b"
        + @"|\b(?:make|just|task)\s+(?:run|up|start|dev|serve|demo)\b"
        + @"|\b(?:npm|yarn|pnpm)\s+(?:run\s+)?(?:start|dev|serve)\b"
        + @"|\btilt\s+up\b|\bskaffold\s+(?:dev|run)\b|\bkubectl\s+apply\b|\bhelm\s+(?:install|upgrade)\b"
        + @"|(?:^|[\s;&|(])(?:\./|\.\\|(?:ba)?sh\s+|pwsh\s+|powershell\s+)?[\w./\\-]{0,200}\b(?:run|start|demo|up|serve|dev)[\w-]{0,50}\.(?:sh|ps1|cmd|bat)\b",
        Options);

    private static readonly Regex Test = new(
        @"\bdotnet\s+test\b"
        + @"|\bdotnet\s+(?:run|cake|nuke|fsi|tool\s+run)\b[^\r\n]{0,300}?\btests?\b"
        + @"|\b(?:make|just|task|npm|yarn|pnpm|nuke|cake|gradle|gradlew|mvn|go|cargo|tox|bazel|rake|mix|pytest)\b[^\r\n]{0,300}?\btests?\b"
        + @"|\b(?:docker|podman)[\s-]compose\b[^\r\n]{0,300}?\btests?\b"
        + @"|\b(?:build|ci)\.(?:sh|ps1|cmd|cake)\b[^\r\n]{0,300}?\btests?\b"
        + @"|[\w./\\-]{0,200}\btests?[\w.-]{0,50}\.(?:sh|ps1|cmd|bat)\b"
        + @"|\bcommand:\s*['""]?test\b",
        Options);

    /// <summary>A command that starts the project: <c>dotnet run</c>, <c>docker compose up</c>, <c>./run.sh</c>, ...</summary>
    public static bool IsRunCommand(string line) => Run.IsMatch(Bounded(line));

    /// <summary>A command that runs the tests: <c>dotnet test</c>, <c>make test</c>, <c>./eng/test.sh</c>, ...</summary>
    public static bool IsTestCommand(string line) => Test.IsMatch(Bounded(line));

    private static string Bounded(string line) => line.Length > MaxLineLength ? line.Substring(0, MaxLineLength) : line;
}
