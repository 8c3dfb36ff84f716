namespace PortfolioKit.Analyzers.Tests.Infrastructure;

/// <summary>Declarations that many test sources share; appended after the code under test.</summary>
internal static class Snippets
{
    /// <summary>An EF Core model: one entity, one DTO, one context.</summary>
    public const string TodoModel = """

        public class Todo
        {
            public int Id { get; set; }
            public string Title { get; set; } = "";
            public bool Done { get; set; }
            public int ListId { get; set; }
        }

        public record TodoDto(int Id, string Title);

        public class AppDb : Microsoft.EntityFrameworkCore.DbContext
        {
            public AppDb(Microsoft.EntityFrameworkCore.DbContextOptions<AppDb> options) : base(options) { }

            public Microsoft.EntityFrameworkCore.DbSet<Todo> Todos => Set<Todo>();
        }
        """;
}
