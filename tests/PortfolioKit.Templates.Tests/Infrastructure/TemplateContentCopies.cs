using System.Text.RegularExpressions;

namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>
/// Finds files of which two templates each carry a copy. Content that several templates share is written once, in
/// one template, and composed into the others through their template.json "sources" (constant symbols map its
/// namespaces), so a copy is a file to keep alike by hand. C# files are compared without their namespace declaration
/// and their using directives of the project's own namespaces, the lines that composition maps; other files as they
/// are. Files of fewer than <see cref="MinimumLines"/> lines are too small to count as maintained twice.
/// </summary>
public static partial class TemplateContentCopies
{
    public const int MinimumLines = 3;

    /// <summary>Every pair of files in two different templates under <paramref name="contentRoot"/> with the same text.</summary>
    /// <returns>Paths relative to <paramref name="contentRoot"/>, the template folder first.</returns>
    public static IReadOnlyList<(string First, string Second)> Find(string contentRoot)
    {
        var filesByText = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in ContentFiles(contentRoot))
        {
            if (ComparableText(file) is not { } text)
            {
                continue;
            }

            if (!filesByText.TryGetValue(text, out var files))
            {
                filesByText[text] = files = [];
            }

            files.Add(Path.GetRelativePath(contentRoot, file).Replace('\\', '/'));
        }

        return filesByText.Values
            .SelectMany(files => files.SelectMany((first, index) => files.Skip(index + 1).Select(second => (First: first, Second: second))))
            .Where(pair => !string.Equals(TemplateOf(pair.First), TemplateOf(pair.Second), StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>The files a template generates from: everything but its configuration and build output.</summary>
    private static IEnumerable<string> ContentFiles(string contentRoot) =>
        Directory.EnumerateFiles(contentRoot, "*", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(contentRoot, file).Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)
                .Any(folder => folder is ".template.config" or "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    private static string? ComparableText(string file)
    {
        var lines = File.ReadAllLines(file).Select(line => line.TrimEnd()).Where(line => line.Length > 0);
        if (file.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
        {
            lines = lines.Where(line => !MappedLine().IsMatch(line));
        }

        var kept = lines.ToList();
        return kept.Count >= MinimumLines ? string.Join('\n', kept) : null;
    }

    private static string TemplateOf(string relativePath) => relativePath[..relativePath.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>A namespace declaration, or a using directive of the project's own namespaces (PortfolioSample.*).</summary>
    [GeneratedRegex(@"^\s*(namespace\s|using\s+(static\s+)?PortfolioSample\.)", RegexOptions.CultureInvariant)]
    private static partial Regex MappedLine();
}
