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
/// files inside test projects are not reported. Reported on the value.
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
                if (secret is not null)
                {
                    Report(context, Rule, file.SpanLocation(text, value.Span), secret, file.RelativePath);
                }
            }
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
}
