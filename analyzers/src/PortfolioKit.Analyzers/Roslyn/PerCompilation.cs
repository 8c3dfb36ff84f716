using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// One value per compilation, shared by every analyzer of this assembly: the symbol sets several rules resolve
/// (EF Core, endpoints, handlers, tasks) and the compilation's traits. Each analyzer used to resolve them again in its
/// own compilation-start action; <see cref="Compilation.GetTypeByMetadataName"/> searches every referenced assembly
/// (about 200 in an ASP.NET Core project) for each name, most of all for a type that is not there. The table holds
/// the compilation weakly, so a value lives exactly as long as its compilation.
/// </summary>
/// <typeparam name="T">The value; null is a valid answer (a compilation without EF Core) and is cached too.</typeparam>
internal static class PerCompilation<T>
    where T : class
{
    private static readonly ConditionalWeakTable<Compilation, Box> Values = new();

    public static T? Get(Compilation compilation, Func<Compilation, T?> create) =>
        Values.GetValue(compilation, c => new Box(create(c))).Value;

    private sealed class Box
    {
        public Box(T? value) => Value = value;

        public T? Value { get; }
    }
}
