using System.Text;
using System.Text.RegularExpressions;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>Describes a generated tree for a snapshot: every file's path, then the contents of the key files.</summary>
public static partial class OutputTree
{
    private static readonly string[] IgnoredFolders = ["bin", "obj", "data", "TestResults"];

    public static IReadOnlyList<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(IgnoredFolders.Contains))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Copies a generated solution's sources (<see cref="Files"/>: no build output) to a new folder.</summary>
    public static void CopySources(string source, string destination)
    {
        foreach (var file in Files(source))
        {
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(source, file), target);
        }
    }

    public static string Describe(string root, IEnumerable<string> keyFiles)
    {
        var text = new StringBuilder("# Files\n");
        foreach (var file in Files(root))
        {
            text.Append(file).Append('\n');
        }

        foreach (var file in keyFiles)
        {
            text.Append("\n# ").Append(file).Append('\n').Append(Scrub(File.ReadAllText(Path.Combine(root, file)))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Replaces values that legitimately change between runs: random ports, GUIDs, the current year.</summary>
    public static string Scrub(string text)
    {
        text = PortPattern().Replace(text, "localhost:{port}");
        text = GuidPattern().Replace(text, "{guid}");
        return YearPattern().Replace(text, "Copyright (c) {year}");
    }

    [GeneratedRegex(@"localhost:\d{4,5}")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"Copyright \(c\) \d{4}")]
    private static partial Regex YearPattern();
}
