using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using PortfolioKit.Analyzers.Architecture;
using PortfolioKit.Analyzers.Tests.Infrastructure;

namespace PortfolioKit.Analyzers.Tests.Rules;

public class PK6001DomainReferencesInfrastructureTests
{
    private const string ProjectFile = "/src/Shop.Domain/Shop.Domain.csproj";

    [Fact]
    public Task Reports_framework_types_used_in_a_project_named_domain() =>
        Verify<DomainReferencesInfrastructureAnalyzer>.LibraryAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;

            namespace Shop.Domain;

            [Index(nameof(Sku), IsUnique = true)]
            public class {|PK6001:Product|}
            {
                public int Id { get; set; }
                public string Sku { get; set; } = "";
            }

            public class {|PK6001:Catalog|}(DbContextOptions<Catalog> options) : DbContext(options)
            {
                public DbSet<Product> Products => Set<Product>();
            }

            public class {|PK6001:PriceFeed|}
            {
                public async Task<string> LatestAsync() => await new HttpClient().GetStringAsync("https://prices.example");
            }
            """, test =>
        {
            test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Shop.Domain"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(RuleIdentifiers.DomainReferencesInfrastructure, DiagnosticSeverity.Warning).WithSpan(ProjectFile, 1, 1, 1, 1).WithArguments("Shop.Domain", "references ASP.NET Core, IHttpClientFactory, SQLite", "ASP.NET Core, IHttpClientFactory, SQLite"));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.MSBuildProjectFullPath = {ProjectFile}\n"));
        });

    [Fact]
    public Task A_project_marked_in_editorconfig_is_a_domain_project_and_false_turns_a_name_off() =>
        Verify<DomainReferencesInfrastructureAnalyzer>.LibraryAsync("""
            using Microsoft.EntityFrameworkCore;

            public class {|PK6001:Orders|}
            {
                public void Save(DbContext context) => context.SaveChanges();
            }
            """, test =>
        {
            test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Ordering.BusinessRules"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nportfoliokit_domain_project = true\n"));
        });

    [Fact]
    public Task Ignores_plain_domain_code_and_projects_that_are_not_the_domain() =>
        Verify<DomainReferencesInfrastructureAnalyzer>.LibraryAsync("""
            using System;
            using System.Collections.Generic;
            using Microsoft.EntityFrameworkCore;

            namespace Shop.Infrastructure;

            public class Product
            {
                public Guid Id { get; init; }
                public List<string> Tags { get; } = new();
            }

            public class Catalog(DbContextOptions<Catalog> options) : DbContext(options);
            """, test =>
        {
            test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Shop.Infrastructure"));
        });

    [Fact]
    public Task A_domain_named_project_can_opt_out() =>
        Verify<DomainReferencesInfrastructureAnalyzer>.LibraryAsync("""
            using Microsoft.EntityFrameworkCore;

            public class Catalog(DbContextOptions<Catalog> options) : DbContext(options);
            """, test =>
        {
            test.MarkupOptions = MarkupOptions.UseFirstDescriptor;
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Legacy.Domain"));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nportfoliokit_domain_project = false\n"));
        });
}
