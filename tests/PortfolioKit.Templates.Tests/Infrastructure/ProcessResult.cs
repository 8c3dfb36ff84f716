namespace PortfolioKit.Templates.Tests.Infrastructure;

public sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public ProcessResult EnsureSuccess(string what)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:{Environment.NewLine}{Tail(Output, 12_000)}");
        }

        return this;
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "..." + text[^length..];
}
