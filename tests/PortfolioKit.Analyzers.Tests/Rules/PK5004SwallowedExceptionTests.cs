using PortfolioKit.Analyzers.Observability;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK5004SwallowedExceptionTests
{
    [Fact]
    public Task Reports_catch_alls_that_do_nothing_or_return_a_default() =>
        Verify<SwallowedExceptionAnalyzer>.LibraryAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class PriceClient
            {
                public decimal? Find(string sku)
                {
                    try
                    {
                        return decimal.Parse(sku);
                    }
                    {|PK5004:catch (Exception ex)|}
                    {
                        return null;
                    }
                }

                public bool TryRefresh()
                {
                    try { Refresh(); return true; }
                    {|PK5004:catch|} { return false; }
                }

                public IReadOnlyList<string> All()
                {
                    try { return Load(); }
                    {|PK5004:catch (Exception)|} { return new List<string>(); }
                }

                public Task SyncAsync()
                {
                    try { Refresh(); }
                    {|PK5004:catch (SystemException)|} { }
                    return Task.CompletedTask;
                }

                public void Each(string[] skus)
                {
                    foreach (var sku in skus)
                    {
                        try { Refresh(); }
                        {|PK5004:catch (Exception)|} { continue; }
                    }
                }

                private static void Refresh() { }
                private static List<string> Load() => new();
            }
            """);

    [Fact]
    public Task Ignores_logged_rethrown_filtered_specific_and_explained_catches() =>
        Verify<SwallowedExceptionAnalyzer>.LibraryAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;

            public class Importer(ILogger<Importer> logger) : IDisposable
            {
                public int? Logged(string text)
                {
                    try { return int.Parse(text); }
                    catch (Exception ex)
                    {
                        logger.LogWarning(ex, "Could not parse {Text}", text);
                        return null;
                    }
                }

                public void Rethrown()
                {
                    try { Work(); }
                    catch (Exception ex) { throw new InvalidOperationException("Import failed", ex); }
                }

                public int? Specific(string text)
                {
                    try { return int.Parse(text); }
                    catch (FormatException) { return null; }
                }

                public void Filtered(bool stopping)
                {
                    try { Work(); }
                    catch (Exception) when (stopping) { }
                }

                public void Explained()
                {
                    try { File.Delete("lock"); }
                    catch (Exception)
                    {
                        // Best effort: the lock file is recreated on the next run.
                    }
                }

                public void Handled(Action fallback)
                {
                    try { Work(); }
                    catch { fallback(); }
                }

                public void Dispose()
                {
                    try { Work(); }
                    catch { }
                }

                private static void Work() { }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<SwallowedExceptionAnalyzer>.IncompleteAsync("""
            public class C { void M() { try { } {|PK5004:catch (System.Exception|}
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
