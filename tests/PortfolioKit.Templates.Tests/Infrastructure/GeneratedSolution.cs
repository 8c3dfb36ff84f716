namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Builds and tests a generated solution with the commands its own CI workflow (.github/workflows/ci.yml) runs,
/// so a green test here means a green first push on GitHub.
/// </summary>
public static class GeneratedSolution
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);

    public static async Task<ProcessResult> BuildAsync(string folder) =>
        (await ProcessRunner.RunAsync("dotnet", ["build", "--configuration", "Release", "-warnaserror", "-nodeReuse:false"], folder, BuildTimeout))
            .EnsureSuccess($"Building the generated solution in {folder}");

    public static async Task<ProcessResult> TestAsync(string folder) =>
        (await ProcessRunner.RunAsync("dotnet", ["test", "--no-build", "--configuration", "Release"], folder, BuildTimeout))
            .EnsureSuccess($"Running the generated solution's tests in {folder}");

    /// <summary>The number of tests `dotnet test` reported as passed, summed over its test projects.</summary>
    public static int PassedCount(ProcessResult testRun) =>
        testRun.Output.Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"Passed:\s+(\d+)"))
            .Where(match => match.Success)
            .Sum(match => int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The API project's output folder after the build above.</summary>
    public static string ApiOutputFolder(string folder) => Path.Combine(folder, "src", "Api", "bin", "Release", "net10.0");

    /// <summary>The app's entry assembly: the only one in the output with a runtimeconfig.json beside it.</summary>
    public static string ApiAssembly(string folder) =>
        Directory.GetFiles(ApiOutputFolder(folder), "*.runtimeconfig.json").Single()[..^".runtimeconfig.json".Length] + ".dll";
}
