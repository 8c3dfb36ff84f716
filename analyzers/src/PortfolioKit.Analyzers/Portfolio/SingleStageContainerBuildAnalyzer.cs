using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Portfolio;

/// <summary>
/// PK9203: a Dockerfile with a single stage that builds the application in the image: it starts from an SDK image
/// (<c>mcr.microsoft.com/dotnet/sdk</c>) or runs <c>dotnet publish/build/restore</c>, <c>npm ci/install</c>,
/// <c>go build</c>, <c>mvn</c>, <c>gradle</c> or <c>cargo build</c>. A single-stage Dockerfile that only copies output
/// built elsewhere into a runtime image is fine. Reported on the FROM line.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SingleStageContainerBuildAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.SingleStageContainerBuild,
        messageFormat: "{0} builds in a single stage, so the image ships the SDK and the sources; publish in a 'FROM .../sdk AS build' stage and copy only the output into a runtime stage",
        description: "A multi-stage build keeps the SDK, sources and intermediate files out of the image: it is several times smaller, starts faster and has less to patch. Reviewers read the Dockerfile as a sign of deployment practice.",
        WellKnownDiagnosticTags.CompilationEnd);

    private static readonly Regex BuildCommand = new(
        @"\bdotnet\s+(?:publish|build|restore)\b|\bnpm\s+(?:ci|install|run\s+build)\b|\byarn\s+(?:install|build)\b|\bgo\s+build\b|\bmvn\b|\bgradle\b|\bcargo\s+build\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Analyze(CompilationAnalysisContext context, RepositoryFiles repository)
    {
        foreach (var file in repository.OfKind(RepositoryFileKind.Dockerfile))
        {
            var text = file.ReadText(context.CancellationToken);
            if (text is null)
            {
                continue;
            }

            var stages = DockerfileModel.Parse(text);
            if (stages.Count != 1 || !BuildsInImage(stages[0]))
            {
                continue;
            }

            Report(context, Rule, file.LineLocation(text, stages[0].From.Line), file.RelativePath);
        }
    }

    private static bool BuildsInImage(DockerStage stage)
    {
        if (stage.Image.IndexOf("/dotnet/sdk", StringComparison.Ordinal) >= 0 || stage.Image.IndexOf("/dotnet/core/sdk", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        foreach (var instruction in stage.Instructions)
        {
            if (instruction.Keyword == "RUN" && BuildCommand.IsMatch(instruction.Arguments.Length > 4000 ? instruction.Arguments.Substring(0, 4000) : instruction.Arguments))
            {
                return true;
            }
        }

        return false;
    }
}
