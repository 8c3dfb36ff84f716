using System;
using Microsoft.CodeAnalysis;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>
/// What kind of program a compilation is. Several rules only make sense in a web or worker
/// application, and test projects legitimately do things service code should not (fixed clocks,
/// fake credentials, console output).
/// </summary>
internal static class CompilationTraits
{
    private static readonly string[] TestFrameworkAssemblies =
    {
        "xunit.core",
        "xunit.v3.core",
        "nunit.framework",
        "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "MSTest.TestFramework",
        "TUnit.Core",
    };

    /// <summary>The compilation references a test framework. Answered once per compilation for all rules.</summary>
    public static bool IsTestProject(Compilation compilation) => Of(compilation).IsTestProject;

    /// <summary>
    /// True when the compilation can host requests or background work: it sees ASP.NET Core's
    /// <c>HttpContext</c> or the generic host's <c>IHostedService</c>.
    /// </summary>
    public static bool IsServiceApplication(Compilation compilation) => Of(compilation).IsServiceApplication;

    private static Traits Of(Compilation compilation) => PerCompilation<Traits>.Get(compilation, c => new Traits(c))!;

    private sealed class Traits
    {
        private readonly Compilation _compilation;
        private readonly Lazy<bool> _isTestProject;
        private readonly Lazy<bool> _isServiceApplication;

        public Traits(Compilation compilation)
        {
            _compilation = compilation;
            _isTestProject = new Lazy<bool>(ReferencesTestFramework);
            _isServiceApplication = new Lazy<bool>(SeesHost);
        }

        public bool IsTestProject => _isTestProject.Value;

        public bool IsServiceApplication => _isServiceApplication.Value;

        private bool ReferencesTestFramework()
        {
            foreach (var reference in _compilation.ReferencedAssemblyNames)
            {
                foreach (var testAssembly in TestFrameworkAssemblies)
                {
                    if (string.Equals(reference.Name, testAssembly, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool SeesHost() =>
            _compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext") is not null
            || _compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService") is not null;
    }
}
