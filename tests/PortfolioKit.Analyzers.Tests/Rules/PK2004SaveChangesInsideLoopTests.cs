using PortfolioKit.Analyzers.RelationalData;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK2004SaveChangesInsideLoopTests
{
    [Fact]
    public Task Reports_a_save_per_item() =>
        Verify<SaveChangesInsideLoopAnalyzer>.LibraryAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public class Importer(AppDb db)
            {
                public async Task Import(IEnumerable<string> titles)
                {
                    foreach (var title in titles)
                    {
                        db.Todos.Add(new Todo { Title = title });
                        await {|PK2004:db.SaveChangesAsync()|};
                    }
                }

                public void ImportAll(string[] titles)
                {
                    for (var i = 0; i < titles.Length; i++)
                    {
                        db.Todos.Add(new Todo { Title = titles[i] });
                        {|PK2004:db.SaveChanges()|};
                    }
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_one_save_after_the_loop() =>
        Verify<SaveChangesInsideLoopAnalyzer>.LibraryAsync("""
            using System.Collections.Generic;

            public class Importer(AppDb db)
            {
                public void Import(IEnumerable<string> titles)
                {
                    foreach (var title in titles)
                    {
                        db.Todos.Add(new Todo { Title = title });
                    }

                    db.SaveChanges();
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_deliberate_batches() =>
        Verify<SaveChangesInsideLoopAnalyzer>.LibraryAsync("""
            public class Importer(AppDb db)
            {
                public void Import(string[] titles)
                {
                    for (var i = 0; i < titles.Length; i++)
                    {
                        db.Todos.Add(new Todo { Title = titles[i] });
                        if (i % 500 == 0)
                        {
                            db.SaveChanges();
                        }
                    }
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_polling_workers_and_other_save_methods() =>
        Verify<SaveChangesInsideLoopAnalyzer>.LibraryAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            public class Worker(AppDb db)
            {
                public async Task Run(CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        await db.SaveChangesAsync(token);
                        await Task.Delay(1000, token);
                    }
                }

                public void Export(string[] files)
                {
                    foreach (var file in files)
                    {
                        SaveChanges(file);
                    }
                }

                private static void SaveChanges(string file) { }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<SaveChangesInsideLoopAnalyzer>.IncompleteAsync("""
            class I { void M(AppDb db, string[] t) { foreach (var x in t) { {|PK2004:db.SaveChanges( |}} }
            """ + Snippets.TodoModel, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
