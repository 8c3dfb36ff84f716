using PortfolioKit.Analyzers.Scalability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK1003StaticMutableCollectionTests
{
    [Fact]
    public Task Reports_an_in_memory_store_written_by_endpoints() =>
        Verify<StaticMutableCollectionAnalyzer>.ProgramAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using Microsoft.AspNetCore.Builder;

            var app = WebApplication.Create();
            app.MapPost("/todos", (string title) => { {|PK1003:Store.Todos.Add(title)|}; });
            app.MapPut("/carts/{id}", (int id, string item) => { {|PK1003:Store.Carts[id] = item|}; });
            app.MapDelete("/todos", () => {|PK1003:Store.Todos.Clear()|});
            app.Run();

            static class Store
            {
                public static readonly List<string> Todos = new();
                public static readonly ConcurrentDictionary<int, string> Carts = new();
            }
            """);

    [Fact]
    public Task Ignores_lookup_tables_filled_once() =>
        Verify<StaticMutableCollectionAnalyzer>.LibraryAsync("""
            using System.Collections.Generic;

            public static class Codes
            {
                private static readonly Dictionary<string, int> ByName = new() { ["a"] = 1 };
                private static readonly HashSet<string> Reserved = new();

                static Codes()
                {
                    Reserved.Add("admin");
                }

                public static int Find(string name) => ByName.TryGetValue(name, out var code) ? code : 0;
            }
            """);

    [Fact]
    public Task Ignores_memoisation_and_reflection_caches() =>
        Verify<StaticMutableCollectionAnalyzer>.LibraryAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Reflection;

            public static class Metadata
            {
                private static readonly ConcurrentDictionary<string, string> Slugs = new();
                private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

                public static string Slug(string title) => Slugs.GetOrAdd(title, t => t.ToLowerInvariant());

                public static PropertyInfo[] Of(Type type)
                {
                    Properties.TryAdd(type, type.GetProperties());
                    return Properties[type];
                }
            }
            """);

    [Fact]
    public Task Ignores_instance_collections_and_locals() =>
        Verify<StaticMutableCollectionAnalyzer>.LibraryAsync("""
            using System.Collections.Generic;

            public class Basket
            {
                private readonly List<string> _items = new();

                public void Add(string item)
                {
                    _items.Add(item);
                    var local = new List<string>();
                    local.Add(item);
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<StaticMutableCollectionAnalyzer>.IncompleteAsync("""
            static class S { public static System.Collections.Generic.List<int> L = new(); }
            class C { void M() { S.L.Add( } }
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
