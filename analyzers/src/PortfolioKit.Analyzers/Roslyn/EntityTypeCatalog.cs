using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// The EF Core entity types of a compilation: the <c>T</c> of every <c>DbSet&lt;T&gt;</c> property on a
/// <c>DbContext</c> declared in this project or in a referenced project that itself uses EF Core.
/// Built lazily, once per compilation and for all rules, the first time an endpoint returns something.
/// </summary>
internal sealed class EntityTypeCatalog
{
    private readonly Compilation _compilation;
    private readonly EfCoreSymbols _ef;
    private readonly Lazy<ImmutableHashSet<ITypeSymbol>> _entities;

    private EntityTypeCatalog(Compilation compilation, EfCoreSymbols ef)
    {
        _compilation = compilation;
        _ef = ef;
        _entities = new Lazy<ImmutableHashSet<ITypeSymbol>>(Collect, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The catalog of <paramref name="compilation"/>, shared by the rules that ask for it.</summary>
    public static EntityTypeCatalog For(Compilation compilation, EfCoreSymbols ef) =>
        PerCompilation<EntityTypeCatalog>.Get(compilation, c => new EntityTypeCatalog(c, ef))!;

    /// <summary>
    /// The entity type exposed by <paramref name="type"/>, looking through collections, tasks, result
    /// wrappers (<c>Ok&lt;T&gt;</c>, <c>ActionResult&lt;T&gt;</c>), generic envelopes and anonymous types.
    /// </summary>
    public ITypeSymbol? FindEntity(ITypeSymbol? type, int depth = 0)
    {
        if (type is null || depth > 4 || _entities.Value.Count == 0)
        {
            return null;
        }

        if (_entities.Value.Contains(type.OriginalDefinition))
        {
            return type;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return FindEntity(array.ElementType, depth + 1);
            case INamedTypeSymbol { IsAnonymousType: true } anonymous:
                foreach (var member in anonymous.GetMembers())
                {
                    if (member is IPropertySymbol property && FindEntity(property.Type, depth + 1) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            case INamedTypeSymbol { IsGenericType: true } generic:
                foreach (var argument in generic.TypeArguments)
                {
                    if (FindEntity(argument, depth + 1) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private ImmutableHashSet<ITypeSymbol> Collect()
    {
        var entities = ImmutableHashSet.CreateBuilder<ITypeSymbol>(SymbolEqualityComparer.Default);
        CollectFrom(_compilation.Assembly.GlobalNamespace, entities);
        foreach (var reference in _compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (UsesEfCore(reference) && !IsFrameworkAssembly(reference.Name))
            {
                CollectFrom(reference.GlobalNamespace, entities);
            }
        }

        return entities.ToImmutable();
    }

    private void CollectFrom(INamespaceSymbol root, ImmutableHashSet<ITypeSymbol>.Builder entities)
    {
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                {
                    pending.Push(member);
                }

                continue;
            }

            var type = (INamedTypeSymbol)current;
            if (!type.IsAbstract && _ef.IsDbContext(type))
            {
                for (var declaring = type; declaring is not null && !declaring.IsType(_ef.DbContext); declaring = declaring.BaseType)
                {
                    foreach (var member in declaring.GetMembers())
                    {
                        if (member is IPropertySymbol { Type: INamedTypeSymbol propertyType } && propertyType.IsType(_ef.DbSet))
                        {
                            entities.Add(propertyType.TypeArguments[0].OriginalDefinition);
                        }
                    }
                }
            }
        }
    }

    private static bool UsesEfCore(IAssemblySymbol assembly)
    {
        foreach (var module in assembly.Modules)
        {
            foreach (var referenced in module.ReferencedAssemblies)
            {
                if (referenced.Name == "Microsoft.EntityFrameworkCore")
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsFrameworkAssembly(string name) =>
        name.StartsWith("Microsoft.", StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal)
        || name.StartsWith("Npgsql", StringComparison.Ordinal) || name.StartsWith("Pomelo.", StringComparison.Ordinal);
}
