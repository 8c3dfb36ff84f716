namespace PortfolioKit.Templates.Tests.Infrastructure;

/// <summary>A test that needs the command-line tools named; skipped off CI when one is missing (see <see cref="CommandLineTool"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools) => Skip = CommandLineTool.SkipReason(tools);
}
