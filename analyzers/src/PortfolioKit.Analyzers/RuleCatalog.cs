using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers;

/// <summary>
/// The one source of every rule's title, category, preset severities and code fix. The descriptors are built from it
/// (<see cref="RuleDescriptors"/>), and the package README's rule table, the header of each <c>docs/rules</c> page, the
/// preset <c>.globalconfig</c> files and <c>AnalyzerReleases.Unshipped.md</c> are generated from it: run the analyzer
/// tests with <c>PK_UPDATE_CATALOGUE=1</c> to rewrite them; without it, a test fails when one of them is out of date.
/// Adding a rule is an id in <see cref="RuleIdentifiers"/>, one entry here, the analyzer, its tests and its page body.
/// </summary>
internal static class RuleCatalog
{
    /// <summary>In id order.</summary>
    public static ImmutableArray<RuleEntry> Rules { get; } = ImmutableArray.Create<RuleEntry>(
        new(RuleIdentifiers.HttpClientCreatedPerUse, "Create HttpClient instances through IHttpClientFactory", RuleCategories.Scalability, DiagnosticSeverity.Warning, codeFix: "Yes (when an IHttpClientFactory is in scope)"),
        new(RuleIdentifiers.ThreadSleepInAsyncCode, "Do not block with Thread.Sleep in async code or hosted services", RuleCategories.Scalability, DiagnosticSeverity.Warning, codeFix: "Yes"),
        new(RuleIdentifiers.StaticMutableCollection, "Do not keep application state in static collections", RuleCategories.Scalability, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.SyncOverAsyncInHandler, "Do not block on tasks in request or message handlers", RuleCategories.Scalability, DiagnosticSeverity.Warning, codeFix: "Yes (await, in async code and handler lambdas)"),
        new(RuleIdentifiers.FireAndForgetInHandler, "Do not start fire-and-forget work from request or message handlers", RuleCategories.Scalability, DiagnosticSeverity.Warning, codeFix: "Yes (await a discarded task)"),
        new(RuleIdentifiers.SqlBuiltFromStrings, "Do not build SQL from strings passed to a raw-SQL API", RuleCategories.RelationalData, DiagnosticSeverity.Warning, codeFix: "Yes (EF Core)"),
        new(RuleIdentifiers.UnboundedQueryReturned, "Page or cap queries returned from endpoints", RuleCategories.RelationalData, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.QueryInsideLoop, "Do not query the database once per loop iteration", RuleCategories.RelationalData, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.SaveChangesInsideLoop, "Call SaveChanges once after the loop", RuleCategories.RelationalData, DiagnosticSeverity.Warning, codeFix: "Yes (moves the call after the loop)"),
        new(RuleIdentifiers.DbContextInLongLivedService, "Do not capture a DbContext in a singleton or hosted service", RuleCategories.RelationalData, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.EntityReturnedFromEndpoint, "Return DTOs, not EF Core entities, from endpoints", RuleCategories.ApiDesign, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.UseTypedResults, "Return TypedResults from minimal API handlers", RuleCategories.ApiDesign, DiagnosticSeverity.Info, codeFix: "Yes (single-outcome handlers)"),
        new(RuleIdentifiers.ExceptionDetailsSentToClient, "Do not send exception details to clients", RuleCategories.ApiDesign, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.HardCodedSecret, "Do not hard-code secrets", RuleCategories.Security, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.WeakPasswordHashing, "Hash passwords with a password hasher, not a fast hash", RuleCategories.Security, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.ConsoleOutputInServiceCode, "Log with ILogger instead of writing to the console", RuleCategories.Observability, DiagnosticSeverity.Warning, codeFix: "Yes (when an ILogger is in scope)"),
        new(RuleIdentifiers.SystemClockInsteadOfTimeProvider, "Read the time from an injected TimeProvider", RuleCategories.Observability, DiagnosticSeverity.Info, codeFix: "Yes (when a TimeProvider is in scope)"),
        new(RuleIdentifiers.NoHealthChecksMapped, "Map a health-check endpoint", RuleCategories.Observability, DiagnosticSeverity.Warning, codeFix: "Yes (when the app is built into a variable)"),
        new(RuleIdentifiers.SwallowedException, "Do not swallow exceptions", RuleCategories.Observability, DiagnosticSeverity.Warning, codeFix: "Yes (when an ILogger is in scope)"),
        new(RuleIdentifiers.DomainReferencesInfrastructure, "Keep the domain project free of infrastructure and web frameworks", RuleCategories.Architecture, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.NoReadme, "Add a README", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.ReadmeOpening, "Open the README with what the project does", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.ReadmeRunCommand, "Show how to run the project in the README", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.ReadmeTestCommand, "Show how to run the tests in the README", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.ReadmeArchitecture, "Describe the architecture in the README", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.ReadmeTechStack, "List the tech stack in the README", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.ReadmeTechStackMismatch, "Keep the README's tech stack in line with the code", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.NoLicense, "Add a licence", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.NoCiWorkflow, "Build and test in CI", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.CiRunsNoTests, "Run the tests in CI", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.NoTestProject, "Add a test project", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.NoDependencyUpdates, "Configure automated dependency updates", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.NoSecurityPolicy, "Add a security policy", RuleCategories.Portfolio, DiagnosticSeverity.Info, codeFix: "No"),
        new(RuleIdentifiers.SecretInAppSettings, "Do not commit secrets in appsettings files", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.ContainerRunsAsRoot, "Run the container as a non-root user", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"),
        new(RuleIdentifiers.SingleStageContainerBuild, "Build the container image in stages", RuleCategories.Portfolio, DiagnosticSeverity.Warning, codeFix: "No"));

    public static RuleEntry Get(string id)
    {
        foreach (var rule in Rules)
        {
            if (rule.Id == id)
            {
                return rule;
            }
        }

        throw new ArgumentException($"{id} is not in the rule catalogue.", nameof(id));
    }
}
