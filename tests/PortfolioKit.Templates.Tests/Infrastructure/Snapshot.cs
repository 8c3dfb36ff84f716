using System.Text;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// A small approval-test helper (Verify is not available from this machine's package source). A snapshot is a
/// text file under version control. A missing snapshot is written and, on CI, fails the test so it gets committed;
/// a different result is written beside it as `*.received.txt` and fails with the first differing lines.
/// Set PK_UPDATE_SNAPSHOTS=1 to accept every new result.
/// </summary>
public sealed class Snapshot(string folder, bool isCi, bool updateAll)
{
    public static Snapshot ForRepository() => new(
        Repository.SnapshotFolder,
        isCi: string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase),
        updateAll: Environment.GetEnvironmentVariable("PK_UPDATE_SNAPSHOTS") == "1");

    public void Match(string name, string actual)
    {
        actual = Normalize(actual);
        var approvedPath = Path.Combine(folder, name + ".approved.txt");
        var receivedPath = Path.Combine(folder, name + ".received.txt");
        Directory.CreateDirectory(folder);

        if (!File.Exists(approvedPath) || updateAll)
        {
            File.WriteAllText(approvedPath, actual);
            File.Delete(receivedPath);
            if (isCi && !updateAll)
            {
                throw new SnapshotMismatchException($"Snapshot '{name}' did not exist and was written to {approvedPath}. Commit it.");
            }

            return;
        }

        var approved = Normalize(File.ReadAllText(approvedPath));
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        throw new SnapshotMismatchException(
            $"Snapshot '{name}' differs from {approvedPath} (new result in {receivedPath}; accept it with PK_UPDATE_SNAPSHOTS=1):"
            + Environment.NewLine + Difference(approved, actual));
    }

    /// <summary>The first few lines where the two texts differ, with line numbers.</summary>
    public static string Difference(string expected, string actual, int maxLines = 10)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var report = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length) && shown < maxLines; i++)
        {
            var left = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var right = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (left != right)
            {
                report.Append("line ").Append(i + 1).Append(":\n  - ").Append(left).Append("\n  + ").Append(right).Append('\n');
                shown++;
            }
        }

        return report.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
}
