using PortfolioKit.Analyzers.RelationalData;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK2001SqlBuiltFromStringsTests
{
    private const string DapperStub = """

        namespace Dapper
        {
            public static class SqlMapper
            {
                public static System.Collections.Generic.IEnumerable<T> Query<T>(this System.Data.IDbConnection cnn, string sql, object param = null) => null;
            }
        }
        """;

    [Fact]
    public Task Reports_interpolated_and_concatenated_sql_in_ef_core() =>
        Verify<SqlBuiltFromStringsAnalyzer>.LibraryAsync("""
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            public class TodoQueries(AppDb db)
            {
                public IQueryable<Todo> ByTitle(string title) => db.Todos.FromSqlRaw({|PK2001:$"SELECT * FROM Todos WHERE Title = '{title}'"|});

                public Task<int> Delete(string title) => db.Database.ExecuteSqlRawAsync({|PK2001:"DELETE FROM Todos WHERE Title = '" + title + "'"|});

                public int Rename(string title)
                {
                    var sql = string.Format("UPDATE Todos SET Title = '{0}'", title);
                    return db.Database.ExecuteSqlRaw({|PK2001:sql|});
                }
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Reports_ado_net_and_dapper() =>
        Verify<SqlBuiltFromStringsAnalyzer>.LibraryAsync("""
            using System.Data.Common;
            using System.Linq;
            using Dapper;
            using Microsoft.Data.Sqlite;

            public class Reports(DbConnection connection)
            {
                public object Run(string customer)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = {|PK2001:"SELECT * FROM Orders WHERE Customer = '" + customer + "'"|};
                    using var other = new SqliteCommand({|PK2001:$"SELECT * FROM Orders WHERE Customer = '{customer}'"|});
                    return connection.Query<int>({|PK2001:$"SELECT Id FROM Orders WHERE Customer = '{customer}'"|}).ToList();
                }
            }
            """ + DapperStub);

    [Fact]
    public Task Ignores_the_parameterised_apis() =>
        Verify<SqlBuiltFromStringsAnalyzer>.LibraryAsync("""
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            public class TodoQueries(AppDb db)
            {
                public IQueryable<Todo> ByTitle(string title) => db.Todos.FromSql($"SELECT * FROM Todos WHERE Title = {title}");

                public IQueryable<Todo> ByTitleRaw(string title) => db.Todos.FromSqlRaw("SELECT * FROM Todos WHERE Title = {0}", title);

                public int Delete(string title) => db.Database.ExecuteSqlInterpolated($"DELETE FROM Todos WHERE Title = {title}");
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_constants_and_values_that_cannot_carry_sql() =>
        Verify<SqlBuiltFromStringsAnalyzer>.LibraryAsync("""
            using System;
            using System.Linq;
            using Microsoft.EntityFrameworkCore;

            public class TodoQueries(AppDb db)
            {
                private const string Table = "Todos";

                public IQueryable<Todo> All() => db.Todos.FromSqlRaw("SELECT * FROM " + Table + " WHERE Done = 0");

                public IQueryable<Todo> Constant() => db.Todos.FromSqlRaw($"SELECT * FROM {Table}");

                public IQueryable<Todo> ById(int id, Guid owner) => db.Todos.FromSqlRaw($"SELECT * FROM Todos WHERE Id = {id} AND Owner = '{owner}'");
            }
            """ + Snippets.TodoModel);

    [Fact]
    public Task Ignores_string_building_that_never_reaches_sql() =>
        Verify<SqlBuiltFromStringsAnalyzer>.LibraryAsync("""
            public class Greeter
            {
                public string CommandText { get; set; } = "";

                public string Greet(string name)
                {
                    CommandText = "Hello " + name;
                    return $"Hello {name}";
                }
            }
            """);

    [Fact]
    public Task Survives_half_typed_code() =>
        Verify<SqlBuiltFromStringsAnalyzer>.IncompleteAsync("""
            using Microsoft.EntityFrameworkCore;

            class Q
            {
                void M(DbContext db, string name) => db.Database.ExecuteSqlRaw("DELETE FROM T WHERE N = '" + name +
            }
            """, Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary);
}
