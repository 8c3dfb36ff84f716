using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Observability;

/// <summary>
/// PK5002: <c>DateTime.Now/UtcNow</c> or <c>DateTimeOffset.Now/UtcNow</c> read directly in service code.
/// Code that reads the system clock cannot be tested at a chosen instant (expiry, scheduling, "created
/// today"); <c>TimeProvider</c> (.NET 8+) can be replaced by <c>FakeTimeProvider</c> in tests.
/// Not reported: property and field initializers and constructors (entity defaults), members that implement a clock
/// abstraction themselves, and test projects.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SystemClockInsteadOfTimeProviderAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.SystemClockInsteadOfTimeProvider,
        messageFormat: "'{0}' reads the system clock; inject TimeProvider and call {1} so tests can control time",
        description: "Code that reads DateTime.UtcNow directly cannot be tested at a chosen time. Inject TimeProvider (registered as TimeProvider.System) and use GetUtcNow(); tests pass a FakeTimeProvider.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var timeProvider = compilation.GetTypeByMetadataName("System.TimeProvider");
            if (timeProvider is null || !CompilationTraits.IsServiceApplication(compilation) || CompilationTraits.IsTestProject(compilation))
            {
                return;
            }

            var dateTime = compilation.GetSpecialType(SpecialType.System_DateTime);
            var dateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
            compilationContext.RegisterOperationAction(
                c => AnalyzePropertyReference(c, dateTime, dateTimeOffset, timeProvider),
                OperationKind.PropertyReference);
        });
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, INamedTypeSymbol dateTime, INamedTypeSymbol? dateTimeOffset, INamedTypeSymbol timeProvider)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        var property = reference.Property;
        if (property.Name is not ("Now" or "UtcNow")
            || !(property.ContainingType.IsType(dateTime) || property.ContainingType.IsType(dateTimeOffset)))
        {
            return;
        }

        // Initializers and constructors set default values (an entity's CreatedAt, an event's timestamp);
        // types built that way rarely have a TimeProvider to take one from.
        if (context.ContainingSymbol is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.Constructor }
            || IsClockImplementation(context.ContainingSymbol, timeProvider))
        {
            return;
        }

        var replacement = property.Name == "UtcNow" ? "GetUtcNow()" : "GetLocalNow()";
        context.ReportDiagnostic(Diagnostic.Create(Rule, reference.Syntax.GetLocation(), property.ContainingType.Name + "." + property.Name, replacement));
    }

    /// <summary>
    /// <c>class SystemClock : IClock { public DateTime UtcNow => DateTime.UtcNow; }</c> is the abstraction
    /// this rule asks for: a member returning the time that implements an interface member, or a TimeProvider subclass, is fine.
    /// </summary>
    private static bool IsClockImplementation(ISymbol containingSymbol, INamedTypeSymbol timeProvider)
    {
        var member = containingSymbol is IMethodSymbol { AssociatedSymbol: { } associated } ? associated : containingSymbol;
        var type = member.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.InheritsFromOrEquals(timeProvider))
        {
            return true;
        }

        var memberType = member switch
        {
            IPropertySymbol property => property.Type,
            IMethodSymbol method => method.ReturnType,
            _ => null,
        };
        if (memberType?.SpecialType != SpecialType.System_DateTime && memberType?.Name != "DateTimeOffset")
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            foreach (var interfaceMember in implemented.GetMembers())
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMember), member))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
