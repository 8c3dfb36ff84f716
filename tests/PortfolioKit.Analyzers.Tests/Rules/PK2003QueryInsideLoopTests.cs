using PortfolioKit.Analyzers.RelationalData;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK2003QueryInsideLoopTests
{
    [Fact]
    public Task Reports_a_query_per_item() =>
        Verify<QueryInsideLoopAnalyzer>.LibraryAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            public class Report(AppDb db)
            {
                public async Task<int> CountOpen(IEnumerable<int> listIds)
                {
                    var total = 0;
                    foreach (var listId in listIds)
                    {
                        total += await {|PK2003:db.Todos.CountAsync(t => t.ListId == listId)|};
                    }

                    for (var i = 0; i < 3; i++)
                    {
                        var todo = {|PK2003:db.Todos.Find(i)|};
                        var titles = {|PK2003:db.Todos.Where(t => t.Id == i).Select(t => t.Title).ToList()|};
                    }

                    return total;
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_the_query_that_feeds_the_loop() =>
        Verify<QueryInsideLoopAnalyzer>.LibraryAsync("""
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            public class Report(AppDb db)
            {
                public int Sum()
                {
                    var sum = 0;
                    foreach (var todo in db.Todos.Where(t => t.Done).ToList())
                    {
                        sum += todo.Id;
                    }

                    return sum;
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_polling_loops_and_batched_paging() =>
        Verify<QueryInsideLoopAnalyzer>.LibraryAsync("""
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            public class Outbox(AppDb db)
            {
                public async Task Drain(CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        var pending = await db.Todos.Where(t => !t.Done).ToListAsync(token);
                        await Task.Delay(1000, token);
                    }

                    for (var page = 0; page < 100; page++)
                    {
                        var batch = await db.Todos.OrderBy(t => t.Id).Skip(page * 500).Take(500).ToListAsync(token);
                    }
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_in_memory_linq_and_lambdas_declared_in_loops() =>
        Verify<QueryInsideLoopAnalyzer>.LibraryAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;

            public class Report(AppDb db)
            {
                public void Build(List<Todo> todos, List<Func<int>> counters)
                {
                    foreach (var todo in todos)
                    {
                        var same = todos.Where(t => t.ListId == todo.ListId).ToList();
                        counters.Add(() => db.Todos.Count());
                    }
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<QueryInsideLoopAnalyzer>.IncompleteAsync("""
            using System.Linq;

            class R { void M(AppDb db, int[] ids) { foreach (var id in ids) { {|PK2003:db.Todos.Where(t => t.Id == id).ToList( |}} } }
            """ + Snippets.TodoModel, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);

    /// <summary>Regression (issue 20): a query under a null check (or ??=) inside the loop runs at most once.</summary>
    [Fact]
    public Task Ignores_a_value_loaded_once_inside_the_loop() =>
        Verify<QueryInsideLoopAnalyzer>.LibraryAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            public class Import(AppDb db)
            {
                private Todo? _template;

                public async Task<int> Run(IEnumerable<string> titles)
                {
                    Todo? first = null;
                    var count = 0;
                    foreach (var title in titles)
                    {
                        if (first == null)
                        {
                            first = await db.Todos.OrderBy(t => t.Id).FirstOrDefaultAsync();
                        }

                        if (_template is null)
                        {
                            _template = db.Todos.FirstOrDefault(t => t.Title == "template");
                        }

                        _template ??= await db.Todos.FirstOrDefaultAsync();
                        count += title.Length;
                    }

                    return count;
                }

                public async Task<int> StillPerItem(IEnumerable<int> ids)
                {
                    Todo? last = null;
                    foreach (var id in ids)
                    {
                        if (last == null || last.Id != id)
                        {
                            last = await {|PK2003:db.Todos.FirstOrDefaultAsync(t => t.Id == id)|};
                        }
                    }

                    return last?.Id ?? 0;
                }
            }
            """ + Snippets.TodoModel);
}
