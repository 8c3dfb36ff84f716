using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Architecture;

/// <summary>
/// PK6001: a domain project that depends on infrastructure or web frameworks: EF Core, ASP.NET Core, database drivers
/// (Npgsql, MySqlConnector, SqlClient, SQLite, Dapper, MongoDB), HTTP clients (<c>HttpClient</c>, Refit, RestSharp)
/// or message brokers (RabbitMQ, MassTransit, Kafka, Azure Service Bus, Wolverine, NServiceBus, Redis). A project is a
/// domain project when its assembly name ends with <c>Domain</c> (<c>Shop.Domain</c>, <c>Domain</c>,
/// <c>Ordering.Domain.Model</c>), or when <c>.editorconfig</c> or a <c>.globalconfig</c> says so with
/// <c>portfoliokit_domain_project = true</c> (<c>false</c> turns a Domain-named project off). Reported where the code
/// uses such a type; a framework that is referenced but never used is reported on the project file.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DomainReferencesInfrastructureAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.DomainReferencesInfrastructure,
        messageFormat: "The domain project {0} {1}; keep the domain plain C# and put {2} behind an interface in the infrastructure or API project",
        description: "The domain holds the business rules; when it depends on EF Core, ASP.NET Core, HTTP or broker clients, a change of database, transport or web framework ripples into the business rules and they cannot be tested without infrastructure. Declare an interface in the domain and implement it in the infrastructure project.");

    /// <summary>The same rule for a framework that is referenced but not used, reported at the end of the compilation.</summary>
    internal static readonly DiagnosticDescriptor ReferenceRule = RuleDescriptors.Create(
        RuleIdentifiers.DomainReferencesInfrastructure,
        messageFormat: "The domain project {0} {1}; remove {2} from it and keep the domain plain C#",
        description: "The domain holds the business rules; a reference to EF Core, ASP.NET Core, HTTP or broker clients invites infrastructure into them. Remove the package or framework reference from the domain project.",
        WellKnownDiagnosticTags.CompilationEnd);

    /// <summary>The <c>.editorconfig</c>/<c>.globalconfig</c> key that marks (or unmarks) a domain project.</summary>
    internal const string DomainProjectOption = "portfoliokit_domain_project";

    internal const string ProjectPathProperty = "build_property.MSBuildProjectFullPath";

    private static readonly (string Prefix, string Name)[] Frameworks =
    {
        ("Microsoft.EntityFrameworkCore", "EF Core"),
        ("Microsoft.AspNetCore", "ASP.NET Core"),
        ("Npgsql", "Npgsql"), ("MySqlConnector", "MySqlConnector"), ("MySql.Data", "MySql.Data"),
        ("Microsoft.Data.SqlClient", "SqlClient"), ("System.Data.SqlClient", "SqlClient"), ("Microsoft.Data.Sqlite", "SQLite"),
        ("Dapper", "Dapper"), ("MongoDB.Driver", "the MongoDB driver"),
        ("Microsoft.Extensions.Http", "IHttpClientFactory"), ("Refit", "Refit"), ("RestSharp", "RestSharp"), ("Flurl.Http", "Flurl"),
        ("RabbitMQ.Client", "RabbitMQ.Client"), ("MassTransit", "MassTransit"), ("Confluent.Kafka", "Confluent.Kafka"),
        ("Azure.Messaging.ServiceBus", "Azure Service Bus"), ("Wolverine", "Wolverine"), ("NServiceBus", "NServiceBus"),
        ("EasyNetQ", "EasyNetQ"), ("StackExchange.Redis", "StackExchange.Redis"), ("AWSSDK.SQS", "Amazon SQS"),
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, ReferenceRule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            if (!IsDomainProject(compilation, compilationContext.Options) || CompilationTraits.IsTestProject(compilation))
            {
                return;
            }

            var httpNamespace = compilation.GetTypeByMetadataName("System.Net.Http.HttpClient")?.ContainingNamespace;
            var frameworkOf = FrameworksOf(compilation);
            var used = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            var reported = new ConcurrentDictionary<(INamedTypeSymbol, string), bool>();
            var project = compilation.AssemblyName ?? "project";

            // Once per type and framework, on the type's name: an entity with five EF Core attributes is one finding.
            // Returns the finding rather than taking the context's ReportDiagnostic: a method group of a context (a
            // struct) boxes it and allocates a delegate per call, and this runs for every call and declaration.
            Diagnostic? Check(ITypeSymbol? type, ISymbol? user)
            {
                if (FrameworkOf(type, httpNamespace, frameworkOf) is not { } framework)
                {
                    return null;
                }

                var owner = user as INamedTypeSymbol ?? user?.ContainingType;
                while (owner?.ContainingType is { } outer)
                {
                    owner = outer;
                }

                if (owner is null)
                {
                    return null;
                }

                // Read before write: TryAdd takes the bucket's lock even when the key is there, and after the first
                // use of a framework every call only finds it.
                if (!used.ContainsKey(framework))
                {
                    used.TryAdd(framework, true);
                }

                return reported.TryAdd((owner, framework), true) && owner.Locations.Length > 0 && owner.Locations[0].IsInSource
                    ? Diagnostic.Create(Rule, owner.Locations[0], project, $"uses {framework} in {owner.Name}", framework)
                    : null;
            }

            compilationContext.RegisterOperationAction(
                c =>
                {
                    var finding = c.Operation switch
                    {
                        IObjectCreationOperation creation => Check(creation.Type, c.ContainingSymbol),
                        IInvocationOperation invocation => Check(invocation.TargetMethod.ContainingType, c.ContainingSymbol),
                        _ => null,
                    };
                    if (finding is not null)
                    {
                        c.ReportDiagnostic(finding);
                    }
                },
                OperationKind.ObjectCreation,
                OperationKind.Invocation);
            compilationContext.RegisterSymbolAction(c => AnalyzeDeclaration(c, Check), SymbolKind.NamedType, SymbolKind.Property, SymbolKind.Field, SymbolKind.Method);
            compilationContext.RegisterCompilationEndAction(c => ReportUnusedReferences(c, used, project));
        });
    }

    /// <summary>
    /// The framework of each referenced assembly, answered once per compilation: every call and declaration of the
    /// domain asks. A read-only table read without locks; an assembly that is not a direct reference (rare: a type
    /// reached through another assembly) is answered from its name.
    /// </summary>
    private static Func<IAssemblySymbol, string?> FrameworksOf(Compilation compilation)
    {
        var frameworks = new Dictionary<IAssemblySymbol, string?>(SymbolEqualityComparer.Default);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            frameworks[assembly] = FrameworkOfAssembly(assembly.Name);
        }

        return assembly => frameworks.TryGetValue(assembly, out var framework) ? framework : FrameworkOfAssembly(assembly.Name);
    }

    /// <summary>Base types, interfaces, member types, parameters and attributes: what a declaration ties the domain to.</summary>
    private static void AnalyzeDeclaration(SymbolAnalysisContext context, Func<ITypeSymbol?, ISymbol?, Diagnostic?> check)
    {
        var symbol = context.Symbol;
        if (symbol.IsImplicitlyDeclared || symbol.DeclaringSyntaxReferences.Length == 0)
        {
            return;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            Report(in context, check(attribute.AttributeClass, symbol));
        }

        switch (symbol)
        {
            case INamedTypeSymbol type:
                Report(in context, check(type.BaseType, symbol));
                foreach (var implemented in type.Interfaces)
                {
                    Report(in context, check(implemented, symbol));
                }

                break;
            case IPropertySymbol property:
                Report(in context, check(property.Type, symbol));
                break;
            case IFieldSymbol field:
                Report(in context, check(field.Type, symbol));
                break;
            case IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor } method:
                Report(in context, check(method.ReturnType, symbol));
                foreach (var parameter in method.Parameters)
                {
                    Report(in context, check(parameter.Type, symbol));
                }

                break;
        }
    }

    private static void Report(in SymbolAnalysisContext context, Diagnostic? finding)
    {
        if (finding is not null)
        {
            context.ReportDiagnostic(finding);
        }
    }

    /// <summary>A referenced framework the code never touches is still a dependency: reported once, on the project file.</summary>
    private static void ReportUnusedReferences(CompilationAnalysisContext context, ConcurrentDictionary<string, bool> used, string project)
    {
        if (!context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ProjectPathProperty, out var projectPath)
            || string.IsNullOrWhiteSpace(projectPath))
        {
            return;
        }

        var unused = new System.Collections.Generic.List<string>();
        foreach (var reference in context.Compilation.ReferencedAssemblyNames)
        {
            if (FrameworkOfAssembly(reference.Name) is { } framework && !used.ContainsKey(framework) && !unused.Contains(framework))
            {
                unused.Add(framework);
            }
        }

        if (unused.Count > 0)
        {
            unused.Sort(StringComparer.Ordinal);
            var location = Location.Create(projectPath, default, new LinePositionSpan(default, default));
            context.ReportDiagnostic(Diagnostic.Create(ReferenceRule, location, project, "references " + string.Join(", ", unused), string.Join(", ", unused)));
        }
    }

    private static string? FrameworkOf(ITypeSymbol? type, INamespaceSymbol? httpNamespace, Func<IAssemblySymbol, string?> frameworkOfAssembly)
    {
        for (var depth = 0; type is not null && depth < 4; depth++)
        {
            // The name first: most types are not in a namespace called Http, and the comparer goes through the compiler's symbols.
            if (httpNamespace is not null
                && type.ContainingNamespace is { } ns
                && ns.Name == httpNamespace.Name
                && SymbolEqualityComparer.Default.Equals(ns, httpNamespace))
            {
                return "HttpClient";
            }

            if (type.ContainingAssembly is { } assembly && frameworkOfAssembly(assembly) is { } framework)
            {
                return framework;
            }

            // Task<DbSet<Order>>, IReadOnlyList<IFormFile>: the framework type may be an argument.
            if (type is INamedTypeSymbol { IsGenericType: true } generic)
            {
                foreach (var argument in generic.TypeArguments)
                {
                    if (FrameworkOf(argument, httpNamespace, frameworkOfAssembly) is { } nested)
                    {
                        return nested;
                    }
                }
            }

            type = (type as IArrayTypeSymbol)?.ElementType;
        }

        return null;
    }

    private static string? FrameworkOfAssembly(string assemblyName)
    {
        foreach (var (prefix, name) in Frameworks)
        {
            if (assemblyName.StartsWith(prefix, StringComparison.Ordinal)
                && (assemblyName.Length == prefix.Length || assemblyName[prefix.Length] == '.'))
            {
                return name;
            }
        }

        return null;
    }

    private static bool IsDomainProject(Compilation compilation, AnalyzerOptions options)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        if (!provider.GlobalOptions.TryGetValue(DomainProjectOption, out var configured))
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (provider.GetOptions(tree).TryGetValue(DomainProjectOption, out configured))
                {
                    break;
                }
            }
        }

        if (configured is not null && bool.TryParse(configured.Trim(), out var isDomain))
        {
            return isDomain;
        }

        var segments = (compilation.AssemblyName ?? string.Empty).Split('.');
        var last = segments[segments.Length - 1];
        var previous = segments.Length > 1 ? segments[segments.Length - 2] : string.Empty;
        return last.Equals("Domain", StringComparison.OrdinalIgnoreCase)
            || last.Equals("DomainModel", StringComparison.OrdinalIgnoreCase)
            || (previous.Equals("Domain", StringComparison.OrdinalIgnoreCase) && last is "Model" or "Models" or "Entities" or "Core");
    }
}
