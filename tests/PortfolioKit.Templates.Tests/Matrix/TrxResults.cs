using System.Xml.Linq;

namespace PortfolioKit.Templates.Tests.Matrix;

/// <summary>Reads the TRX files `dotnet test --logger trx` writes.</summary>
internal static class TrxResults
{
    /// <summary>
    /// Passed, failed and skipped tests per test assembly path, with the name and message of each failed test: the
    /// row's failure message is then enough to start on a CI failure.
    /// </summary>
    public static IEnumerable<(string Assembly, RowTestResults Counts)> PerAssembly(string folder)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.trx") : [])
        {
            var document = XDocument.Load(file);
            var storageByTest = document.Descendants(ns + "UnitTest")
                .ToDictionary(test => (string)test.Attribute("id")!, test => (string)test.Attribute("storage")!);
            foreach (var assembly in document.Descendants(ns + "UnitTestResult")
                .GroupBy(result => storageByTest[(string)result.Attribute("testId")!], StringComparer.OrdinalIgnoreCase))
            {
                var passed = assembly.Where(result => (string?)result.Attribute("outcome") == "Passed").ToList();
                var failed = assembly.Where(result => (string?)result.Attribute("outcome") is "Failed" or "Error" or "Timeout" or "Aborted").ToList();
                yield return (Path.GetFullPath(assembly.Key), new RowTestResults(
                    passed.Count,
                    failed.Count,
                    assembly.Count(result => (string?)result.Attribute("outcome") == "NotExecuted"),
                    [.. failed.Select(result => FailureOf(result, ns))],
                    [.. passed.Select(result => (string)result.Attribute("testName")!)]));
            }
        }
    }

    private static string FailureOf(XElement result, XNamespace ns)
    {
        const int MaxMessage = 2000;
        var message = (string?)result.Descendants(ns + "ErrorInfo").Elements(ns + "Message").FirstOrDefault() ?? "(no message)";
        return $"{(string?)result.Attribute("testName")}: {(message.Length > MaxMessage ? message[..MaxMessage] + " ..." : message)}";
    }
}
