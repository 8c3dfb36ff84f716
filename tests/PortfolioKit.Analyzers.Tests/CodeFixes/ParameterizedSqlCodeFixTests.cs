using PortfolioKit.Analyzers.CodeFixes;
using PortfolioKit.Analyzers.RelationalData;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.CodeFixes;

public class ParameterizedSqlCodeFixTests
{
    private const string Usings = """
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.EntityFrameworkCore;

        """;

    [Fact]
    public Task Interpolated_FromSqlRaw_becomes_FromSql_without_quotes() =>
        VerifyFix<SqlBuiltFromStringsAnalyzer, ParameterizedSqlCodeFixProvider>.LibraryAsync(Usings + """
            public class Q(AppDb db)
            {
                public IQueryable<Todo> ByTitle(string title) => db.Todos.FromSqlRaw({|PK2001:$"SELECT * FROM Todos WHERE Title = '{title}' AND Done = 0"|});
            }
            """ + Snippets.TodoModel, Usings + """
            public class Q(AppDb db)
            {
                public IQueryable<Todo> ByTitle(string title) => db.Todos.FromSql($"SELECT * FROM Todos WHERE Title = {title} AND Done = 0");
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Concatenated_ExecuteSqlRawAsync_becomes_ExecuteSqlAsync_with_the_token() =>
        VerifyFix<SqlBuiltFromStringsAnalyzer, ParameterizedSqlCodeFixProvider>.LibraryAsync(Usings + """
            public class Q(AppDb db)
            {
                public Task<int> Delete(string title, int list, System.Threading.CancellationToken ct) =>
                    db.Database.ExecuteSqlRawAsync({|PK2001:"DELETE FROM Todos WHERE Title = '" + title + "' AND ListId = " + list|}, ct);
            }
            """ + Snippets.TodoModel, Usings + """
            public class Q(AppDb db)
            {
                public Task<int> Delete(string title, int list, System.Threading.CancellationToken ct) =>
                    db.Database.ExecuteSqlAsync($"DELETE FROM Todos WHERE Title = {title} AND ListId = {list}", ct);
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task SqlQueryRaw_keeps_its_type_argument() =>
        VerifyFix<SqlBuiltFromStringsAnalyzer, ParameterizedSqlCodeFixProvider>.LibraryAsync(Usings + """
            public class Q(AppDb db)
            {
                public IQueryable<int> Ids(string title) => db.Database.SqlQueryRaw<int>({|PK2001:$"SELECT Id AS Value FROM Todos WHERE Title = {title}"|});
            }
            """ + Snippets.TodoModel, Usings + """
            public class Q(AppDb db)
            {
                public IQueryable<int> Ids(string title) => db.Database.SqlQuery<int>($"SELECT Id AS Value FROM Todos WHERE Title = {title}");
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task No_fix_where_the_value_is_a_table_name_a_like_pattern_or_a_list() =>
        VerifyFix<SqlBuiltFromStringsAnalyzer, ParameterizedSqlCodeFixProvider>.NoFixAsync(Usings + """
            public class Q(AppDb db)
            {
                public IQueryable<Todo> From(string table) => db.Todos.FromSqlRaw({|PK2001:$"SELECT * FROM {table}"|});

                public IQueryable<Todo> Like(string text) => db.Todos.FromSqlRaw({|PK2001:$"SELECT * FROM Todos WHERE Title LIKE '%{text}%'"|});

                public IQueryable<Todo> In(string ids) => db.Todos.FromSqlRaw({|PK2001:"SELECT * FROM Todos WHERE Id IN (" + ids + ")"|});

                public IQueryable<Todo> Sorted(string column) => db.Todos.FromSqlRaw({|PK2001:"SELECT * FROM Todos ORDER BY " + column|});
            }
            """ + Snippets.TodoModel, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);

    [Fact]
    public Task No_fix_for_ado_net_commands() =>
        VerifyFix<SqlBuiltFromStringsAnalyzer, ParameterizedSqlCodeFixProvider>.NoFixAsync("""
            using System.Data.Common;

            public class Q
            {
                public void Run(DbCommand command, string name) => command.CommandText = {|PK2001:"SELECT * FROM T WHERE N = '" + name + "'"|};
            }
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
