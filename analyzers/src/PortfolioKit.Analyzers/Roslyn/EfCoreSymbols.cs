using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>EF Core types resolved once per compilation, and the query shapes the data rules look for.</summary>
internal sealed class EfCoreSymbols
{
    private EfCoreSymbols(Compilation compilation, INamedTypeSymbol dbContext, INamedTypeSymbol dbSet)
    {
        DbContext = dbContext;
        DbSet = dbSet;
        Queryable = compilation.GetTypeByMetadataName("System.Linq.Queryable");
        Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
        QueryableOfT = compilation.GetTypeByMetadataName("System.Linq.IQueryable`1");
        AsyncQueryableExtensions = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
    }

    public INamedTypeSymbol DbContext { get; }

    public INamedTypeSymbol DbSet { get; }

    public INamedTypeSymbol? Queryable { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? QueryableOfT { get; }

    public INamedTypeSymbol? AsyncQueryableExtensions { get; }

    /// <summary>Null when the compilation does not reference EF Core: the data rules then do nothing. Resolved once per compilation for all rules.</summary>
    public static EfCoreSymbols? TryCreate(Compilation compilation) => PerCompilation<EfCoreSymbols>.Get(compilation, Create);

    private static EfCoreSymbols? Create(Compilation compilation)
    {
        var dbContext = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext");
        var dbSet = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1");
        return dbContext is null || dbSet is null ? null : new EfCoreSymbols(compilation, dbContext, dbSet);
    }

    public bool IsDbContext(ITypeSymbol? type) => type.InheritsFromOrEquals(DbContext);

    /// <summary>
    /// True when <paramref name="invocation"/> sends a query to the database: an executing LINQ operator
    /// (<c>ToList</c>, <c>FirstOrDefaultAsync</c>, <c>Count</c>, ...) over a query rooted in a <c>DbSet</c>,
    /// or <c>DbSet.Find</c>/<c>FindAsync</c>.
    /// </summary>
    public bool IsDatabaseQueryExecution(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name is "Find" or "FindAsync")
        {
            return method.ContainingType.InheritsFromOrEquals(DbSet);
        }

        return IsExecutingOperator(invocation) && IsRootedInDbSet(QueryReceiver(invocation));
    }

    /// <summary>An operator that enumerates its source rather than composing a new query.</summary>
    public bool IsExecutingOperator(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var declaringType = method.ContainingType;
        if (declaringType.IsType(AsyncQueryableExtensions))
        {
            // Every Task-returning member of EntityFrameworkQueryableExtensions runs the query.
            return method.ReturnType.Name is "Task" or "ValueTask";
        }

        if (declaringType.IsType(Queryable))
        {
            return !method.ReturnType.Implements(QueryableOfT);
        }

        if (declaringType.IsType(Enumerable))
        {
            // Enumerable operators only touch the database when they are applied to an IQueryable.
            var receiver = QueryReceiver(invocation);
            return receiver is not null
                && receiver.Type.Implements(QueryableOfT)
                && (method.Name is "ToList" or "ToArray" or "ToDictionary" or "ToHashSet" or "ToLookup"
                    || method.ReturnType.SpecialType != SpecialType.None
                    || method.OriginalDefinition.ReturnType is ITypeParameterSymbol);
        }

        return false;
    }

    /// <summary>The source an extension-method operator is applied to, without conversions.</summary>
    public static IOperation? QueryReceiver(IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return instance.WalkDownConversions();
        }

        return invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0
            ? invocation.Arguments[0].Value.WalkDownConversions()
            : null;
    }

    /// <summary>Follows a chain of operators back to its source and checks that the source is a <c>DbSet</c>.</summary>
    public bool IsRootedInDbSet(IOperation? source)
    {
        for (var depth = 0; source is not null && depth < 64; depth++)
        {
            if (source.Type.InheritsFromOrEquals(DbSet))
            {
                return true;
            }

            if (source is not IInvocationOperation operatorCall || !IsQueryOperator(operatorCall.TargetMethod))
            {
                return false;
            }

            source = QueryReceiver(operatorCall);
        }

        return false;
    }

    /// <summary>
    /// True when a <c>Take</c> (paging or a fixed cap) appears anywhere in the chain, or the chain starts from raw SQL
    /// (<c>FromSql</c>, <c>FromSqlRaw</c>, <c>SqlQuery</c>) that limits its rows itself (<c>LIMIT</c>, <c>TOP</c>,
    /// <c>FETCH FIRST</c>).
    /// </summary>
    public bool HasRowLimit(IOperation? source)
    {
        for (var depth = 0; source is IInvocationOperation operatorCall && depth < 64; depth++)
        {
            if (operatorCall.TargetMethod.Name is "Take" or "TakeLast" or "TakeWhile" && IsQueryOperator(operatorCall.TargetMethod))
            {
                return true;
            }

            if (operatorCall.TargetMethod.Name.StartsWith("FromSql", System.StringComparison.Ordinal) && RawSqlLimitsRows(operatorCall))
            {
                return true;
            }

            if (!IsQueryOperator(operatorCall.TargetMethod))
            {
                return false;
            }

            source = QueryReceiver(operatorCall);
        }

        return false;
    }

    /// <summary>The SQL text of a raw-SQL call, constant parts only, names a row limit.</summary>
    private static bool RawSqlLimitsRows(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name is not ("sql" or "sqlQuery"))
            {
                continue;
            }

            var value = argument.Value.WalkDownConversions();
            var text = value.ConstantValue.Value as string;
            if (value is IInterpolatedStringOperation interpolated)
            {
                var parts = new System.Text.StringBuilder();
                foreach (var part in interpolated.Parts)
                {
                    parts.Append(part is IInterpolatedStringTextOperation { Text.ConstantValue.Value: string piece } ? piece : " ? ");
                }

                text = parts.ToString();
            }

            return text is not null && RawSql.RowLimit.IsMatch(text);
        }

        return false;
    }

    /// <summary>
    /// Built on the first raw-SQL query, not when the type is first touched, and interpreted: a compiled regex emits
    /// and JIT-compiles IL on first use, tens of milliseconds in a compiler that matches a handful of short strings.
    /// </summary>
    private static class RawSql
    {
        public static readonly System.Text.RegularExpressions.Regex RowLimit = new(
            @"\b(?:LIMIT|TOP)\b|\bFETCH\s+(?:FIRST|NEXT)\b",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }

    private bool IsQueryOperator(IMethodSymbol method)
    {
        var declaringType = method.ContainingType;
        return declaringType.IsType(Queryable)
            || declaringType.IsType(AsyncQueryableExtensions)
            || (IsEntityFrameworkCoreNamespace(declaringType.ContainingNamespace)
                && method.IsExtensionMethod
                && method.ReturnType.Implements(QueryableOfT));
    }

    /// <summary><c>Microsoft.EntityFrameworkCore</c>, compared by name without building the display string.</summary>
    private static bool IsEntityFrameworkCoreNamespace(INamespaceSymbol? ns) =>
        ns is { Name: "EntityFrameworkCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } };
}
