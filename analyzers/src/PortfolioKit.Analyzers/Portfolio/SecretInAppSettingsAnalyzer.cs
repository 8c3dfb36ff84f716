using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9201: a secret committed in an <c>appsettings*.json</c> file: a password, account key or shared access key in a
/// connection string; a value under a password/secret/API key/token name; a well-known token format (GitHub, AWS,
/// Stripe, Slack, Google, OpenAI, PEM private keys). Placeholders, empty values, <c>${ENV}</c> references and
/// files inside test projects are not reported. Reported on the value, once per distinct secret: copies of it in other
/// files are named in the message.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretInAppSettingsAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.SecretInAppSettings,
        messageFormat: "{0} is committed in {1}; keep it in user secrets (development) or environment variables and a vault (elsewhere), and rotate it",
        description: "Anything committed stays readable in the repository's history. Hard-coded keys are a named red flag in hiring managers' checklists; dotnet user-secrets and environment variables (ConnectionStrings__Database) keep them out.",
        WellKnownDiagnosticTags.CompilationEnd);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        List<string>? testFolders = null;
        // The same secret copied into several files (appsettings.json, .Development.json, each service's copy) is one
        // secret to rotate: reported once, where it first appears, naming the other files.
        var secrets = new Dictionary<string, Finding>(StringComparer.Ordinal);
        var order = new List<Finding>();
        foreach (var file in repository.OfKind(RepositoryFileKind.AppSettings))
        {
            testFolders ??= TestFolders(repository, context);
            if (testFolders.Exists(folder => file.RelativePath.StartsWith(folder, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var text = file.ReadText(context.CancellationToken);
            if (text is null)
            {
                continue;
            }

            foreach (var value in JsonStrings.Read(text.ToString()))
            {
                var secret = SecretValues.Describe(value);
                if (secret is null)
                {
                    continue;
                }

                if (secrets.TryGetValue(value.Value, out var earlier))
                {
                    earlier.AlsoIn.Add(file.RelativePath);
                    continue;
                }

                var finding = new Finding(file.SpanLocation(text, value.Span), secret, file.RelativePath);
                secrets.Add(value.Value, finding);
                order.Add(finding);
            }
        }

        foreach (var finding in order)
        {
            var others = new List<string>();
            foreach (var path in finding.AlsoIn)
            {
                if (path != finding.Path && !others.Contains(path))
                {
                    others.Add(path);
                }
            }

            var where = others.Count == 0 ? finding.Path : $"{finding.Path} (and {string.Join(", ", others)})";
            Report(context, Rule, finding.Location, finding.Description, where);
        }
    }

    private static List<string> TestFolders(RepositoryFiles repository, CompilationAnalysisContext context)
    {
        var folders = new List<string>();
        foreach (var project in RepositoryProjects.Read(repository, context.CancellationToken))
        {
            if (project.IsTest && project.File.Directory.Length > 0)
            {
                folders.Add(project.File.Directory + "/");
            }
        }

        return folders;
    }

    private sealed class Finding
    {
        public Finding(Location location, string description, string path)
        {
            Location = location;
            Description = description;
            Path = path;
        }

        public Location Location { get; }

        public string Description { get; }

        public string Path { get; }

        public List<string> AlsoIn { get; } = new();
    }
}
