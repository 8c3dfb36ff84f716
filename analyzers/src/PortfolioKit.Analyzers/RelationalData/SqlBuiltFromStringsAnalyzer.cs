using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.RelationalData;

/// <summary>
/// PK2001: SQL text assembled with <c>+</c>, <c>$"..."</c> or <c>string.Format</c> and handed to an API that
/// runs it verbatim: EF Core's <c>FromSqlRaw</c>/<c>ExecuteSqlRaw</c>/<c>SqlQueryRaw</c>, ADO.NET
/// <c>CommandText</c> and command constructors, and Dapper. Values that cannot carry SQL (numbers, Guids,
/// dates, enums) and compile-time constants are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqlBuiltFromStringsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.SqlBuiltFromStrings,
        messageFormat: "SQL passed to '{0}' is built from {1}; pass values as parameters (FromSql/ExecuteSql with an interpolated string, or command parameters)",
        description: "Concatenated or interpolated SQL sent to a raw-SQL API is open to SQL injection and defeats query-plan caching. EF Core's FromSql/ExecuteSql/SqlQuery turn interpolated values into parameters; ADO.NET and Dapper take parameters explicitly.");

    /// <summary>Set on diagnostics raised on EF Core raw-SQL methods, which the code fix can rewrite.</summary>
    internal const string EfCoreMethodProperty = "EfCoreMethod";

    private static readonly ImmutableHashSet<string> EfCoreRawSqlMethods =
        ImmutableHashSet.Create("FromSqlRaw", "ExecuteSqlRaw", "ExecuteSqlRawAsync", "SqlQueryRaw");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var sinks = new SqlSinks(compilation);
            if (!sinks.AnyPresent)
            {
                return;
            }

            compilationContext.RegisterOperationAction(c => AnalyzeInvocation(c, sinks), OperationKind.Invocation);
            if (sinks.DbCommandInterface is not null)
            {
                compilationContext.RegisterOperationAction(c => AnalyzeCommandCreation(c, sinks), OperationKind.ObjectCreation);
                compilationContext.RegisterOperationAction(c => AnalyzeCommandTextAssignment(c, sinks), OperationKind.SimpleAssignment);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, SqlSinks sinks)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var declaringType = method.ContainingType;
        bool isEfCore = (sinks.RelationalQueryable.Is(declaringType) || sinks.RelationalDatabaseFacade.Is(declaringType))
            && EfCoreRawSqlMethods.Contains(method.Name);
        if (!isEfCore && !sinks.Dapper.Is(declaringType))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == "sql" && DescribeUnsafeConstruction(argument.Value) is { } how)
            {
                var properties = isEfCore
                    ? ImmutableDictionary<string, string?>.Empty.Add(EfCoreMethodProperty, method.Name)
                    : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), properties, method.Name, how));
            }
        }
    }

    private static void AnalyzeCommandCreation(OperationAnalysisContext context, SqlSinks sinks)
    {
        // Every object creation of the compilation comes here: the parameter name is checked before the type's
        // interfaces, which for a generic type (new List<T>(), new Dictionary<K, V>()) are constructed anew each time.
        var creation = (IObjectCreationOperation)context.Operation;
        bool? isCommand = null;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name is "cmdText" or "commandText"
                && (isCommand ??= creation.Type.Implements(sinks.DbCommandInterface)) == true
                && DescribeUnsafeConstruction(argument.Value) is { } how)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), creation.Type!.Name, how));
            }
        }
    }

    private static void AnalyzeCommandTextAssignment(OperationAnalysisContext context, SqlSinks sinks)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "CommandText" } property }
            && property.ContainingType.Implements(sinks.DbCommandInterface)
            && DescribeUnsafeConstruction(assignment.Value) is { } how)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Value.Syntax.GetLocation(), "CommandText", how));
        }
    }

    /// <summary>
    /// Describes how the SQL text was assembled when it includes a value that could carry SQL,
    /// or returns null when the text is constant or only embeds harmless values.
    /// </summary>
    internal static string? DescribeUnsafeConstruction(IOperation sql, int depth = 0)
    {
        sql = sql.WalkDownConversions();
        if (sql.ConstantValue.HasValue || depth > 3)
        {
            return null;
        }

        switch (sql)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && CanCarrySql(hole.Expression))
                    {
                        return "string interpolation";
                    }
                }

                return null;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation
                when concatenation.Type?.SpecialType == SpecialType.System_String:
                return HasUnsafeOperand(concatenation) ? "string concatenation" : null;

            case IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String, Name: "Format" or "Concat" } } call:
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter?.Name != "format" && ArgumentCarriesSql(argument.Value))
                    {
                        return "string." + call.TargetMethod.Name;
                    }
                }

                return null;

            case ILocalReferenceOperation local:
                var root = RootOf(sql);
                return local.SingleAssignmentInitializer(root) is { } initializer
                    ? DescribeUnsafeConstruction(initializer, depth + 1)
                    : null;

            default:
                return null;
        }
    }

    private static bool ArgumentCarriesSql(IOperation value)
    {
        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            foreach (var element in initializer.ElementValues)
            {
                if (CanCarrySql(element))
                {
                    return true;
                }
            }

            return false;
        }

        return CanCarrySql(value);
    }

    private static bool HasUnsafeOperand(IBinaryOperation concatenation)
    {
        foreach (var operand in new[] { concatenation.LeftOperand, concatenation.RightOperand })
        {
            var value = operand.WalkDownConversions();
            if (value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } nested
                && nested.Type?.SpecialType == SpecialType.System_String)
            {
                if (HasUnsafeOperand(nested))
                {
                    return true;
                }
            }
            else if (CanCarrySql(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Non-constant text: strings, chars and arbitrary objects. Numbers, Guids, dates and enums cannot inject SQL.</summary>
    internal static bool CanCarrySql(IOperation value)
    {
        value = value.WalkDownConversions();
        if (value.ConstantValue.HasValue)
        {
            return false;
        }

        var type = value.Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is null)
        {
            return true;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return false;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Byte:
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_Single:
            case SpecialType.System_Double:
            case SpecialType.System_Decimal:
            case SpecialType.System_DateTime:
                return false;
        }

        return !(type.ContainingNamespace?.ToDisplayString() == "System"
            && type.Name is "Guid" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly");
    }

    private static IOperation RootOf(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent && !current.IsFunctionBoundary())
        {
            current = parent;
        }

        return current is IAnonymousFunctionOperation lambda ? lambda.Body
            : current is ILocalFunctionOperation local ? (IOperation?)local.Body ?? current
            : current;
    }

    private sealed class SqlSinks
    {
        /// <remarks>
        /// The EF Core and Dapper types are looked up when a call on a type of their name turns up (see
        /// <see cref="LazyType"/>); IDbCommand, which every .NET project has, decides whether the rule runs at all.
        /// </remarks>
        public SqlSinks(Compilation compilation)
        {
            DbCommandInterface = compilation.GetTypeByMetadataName("System.Data.IDbCommand");
            RelationalQueryable = new LazyType(compilation, "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions");
            RelationalDatabaseFacade = new LazyType(compilation, "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
            Dapper = new LazyType(compilation, "Dapper.SqlMapper");
        }

        public INamedTypeSymbol? DbCommandInterface { get; }

        public LazyType RelationalQueryable { get; }

        public LazyType RelationalDatabaseFacade { get; }

        public LazyType Dapper { get; }

        public bool AnyPresent =>
            DbCommandInterface is not null || RelationalQueryable.Symbol is not null || RelationalDatabaseFacade.Symbol is not null || Dapper.Symbol is not null;
    }
}
