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

    public static bool IsTestProject(Compilation compilation)
    {
        foreach (var reference in compilation.ReferencedAssemblyNames)
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

    /// <summary>
    /// True when the compilation can host requests or background work: it sees ASP.NET Core's
    /// <c>HttpContext</c> or the generic host's <c>IHostedService</c>.
    /// </summary>
    public static bool IsServiceApplication(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext") is not null
        || compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService") is not null;
}
