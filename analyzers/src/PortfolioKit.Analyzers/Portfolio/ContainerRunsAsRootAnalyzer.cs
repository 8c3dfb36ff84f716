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
/// PK9202: a Dockerfile whose final stage runs as root: no USER instruction in it (or in the stage it builds on), or
/// a last USER of root/0. Base images that already run as a non-root user (the .NET "chiseled" images, distroless
/// ":nonroot", nginx-unprivileged, Bitnami) are fine, and so are database and broker images (postgres, mysql,
/// mariadb, mongo, redis, rabbitmq), whose entrypoints drop privileges themselves. Reported on the USER root line,
/// else on the final FROM.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContainerRunsAsRootAnalyzer : RepositoryAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.ContainerRunsAsRoot,
        messageFormat: "The final stage of {0} runs as root; {1}",
        description: "A process running as root inside a container turns any remote code execution into root on the container and an easier escape. The official .NET 8+ images ship a non-root 'app' user; one USER line uses it.",
        WellKnownDiagnosticTags.CompilationEnd);

    private static readonly string[] NonRootImageMarkers = { "chiseled", "nginx-unprivileged", "bitnami/" };
    private static readonly string[] SelfDemotingImages = { "postgres", "mysql", "mariadb", "mongo", "redis", "rabbitmq" };

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
            if (stages.Count == 0)
            {
                continue;
            }

            var final = stages[stages.Count - 1];
            var (user, userLine) = EffectiveUser(stages, stages.Count - 1);
            if (user is not null && !IsRoot(user))
            {
                continue;
            }

            if (user is null && (RunsAsNonRootByDefault(BaseImage(stages, stages.Count - 1)) || IsSelfDemoting(BaseImage(stages, stages.Count - 1))))
            {
                continue;
            }

            var line = user is not null ? userLine : final.From.Line;
            Report(context, Rule, file.LineLocation(text, line), file.RelativePath, Advice(BaseImage(stages, stages.Count - 1)));
        }
    }

    /// <summary>What to do depends on the image: the .NET images define an 'app' user, nginx has an unprivileged variant.</summary>
    private static string Advice(string image)
    {
        var name = image.Substring(image.LastIndexOf('/') + 1);
        if (image.IndexOf("dotnet/", StringComparison.Ordinal) >= 0)
        {
            return "add 'USER app' (or 'USER $APP_UID'; the .NET images define that user) before the entry point";
        }

        if (name.StartsWith("nginx", StringComparison.Ordinal))
        {
            return "base it on nginxinc/nginx-unprivileged (it runs as the 'nginx' user and listens on 8080) or run nginx as a non-root user";
        }

        return "create an unprivileged user (RUN adduser --system --no-create-home app, or the image's own) and switch to it with USER before the entry point";
    }

    /// <summary>The last USER of the stage, following FROM chains to earlier stages; null when none sets one.</summary>
    private static (string? User, int Line) EffectiveUser(List<DockerStage> stages, int index)
    {
        var seen = new HashSet<int>();
        while (index >= 0 && seen.Add(index))
        {
            var stage = stages[index];
            for (var i = stage.Instructions.Count - 1; i >= 0; i--)
            {
                var instruction = stage.Instructions[i];
                if (instruction.Keyword == "USER")
                {
                    return (instruction.Arguments.Trim(), instruction.Line);
                }
            }

            index = EarlierStage(stages, index);
        }

        return (null, -1);
    }

    /// <summary>The external image a stage ultimately builds on.</summary>
    private static string BaseImage(List<DockerStage> stages, int index)
    {
        var seen = new HashSet<int>();
        while (seen.Add(index))
        {
            var earlier = EarlierStage(stages, index);
            if (earlier < 0)
            {
                return stages[index].Image;
            }

            index = earlier;
        }

        return stages[index].Image;
    }

    private static int EarlierStage(List<DockerStage> stages, int index)
    {
        var image = stages[index].Image;
        for (var i = index - 1; i >= 0; i--)
        {
            if (stages[i].Name.Length > 0 && stages[i].Name == image)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsRoot(string user)
    {
        var name = user.Split(':')[0].Trim().Trim('"', '\'');
        return name.Length == 0 || name == "0" || string.Equals(name, "root", StringComparison.OrdinalIgnoreCase);
    }

    private static bool RunsAsNonRootByDefault(string image)
    {
        foreach (var marker in NonRootImageMarkers)
        {
            if (image.IndexOf(marker, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return image.IndexOf("distroless", StringComparison.Ordinal) >= 0 && image.IndexOf("nonroot", StringComparison.Ordinal) >= 0;
    }

    private static bool IsSelfDemoting(string image)
    {
        var name = image;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            name = name.Substring(0, colon);
        }

        var at = name.IndexOf('@');
        if (at >= 0)
        {
            name = name.Substring(0, at);
        }

        name = name.Substring(name.LastIndexOf('/') + 1);
        return Array.IndexOf(SelfDemotingImages, name) >= 0;
    }
}
