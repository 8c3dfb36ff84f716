using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// A Dockerfile read into stages. Tolerant: comments, parser directives (<c># escape=`</c>), continuation lines and
/// heredocs-as-text are handled; anything unrecognised is kept as an instruction with its keyword.
/// </summary>
internal static class DockerfileModel
{
    private static readonly char[] WhiteSpace = { ' ', '\t' };

    public static List<DockerStage> Parse(SourceText text)
    {
        var stages = new List<DockerStage>();
        var escape = '\\';
        var directivesOver = false;
        var builder = new StringBuilder();
        var startLine = -1;

        foreach (var line in text.Lines)
        {
            var content = text.ToString(line.Span);
            var trimmed = content.Trim();
            if (!directivesOver && trimmed.StartsWith("#", StringComparison.Ordinal))
            {
                var directive = trimmed.Substring(1).Trim();
                if (directive.StartsWith("escape", StringComparison.OrdinalIgnoreCase) && directive.IndexOf('=') > 0)
                {
                    var value = directive.Substring(directive.IndexOf('=') + 1).Trim();
                    escape = value.Length == 1 ? value[0] : escape;
                }

                continue;
            }

            directivesOver |= trimmed.Length > 0;
            if (trimmed.StartsWith("#", StringComparison.Ordinal) || (trimmed.Length == 0 && startLine < 0))
            {
                continue;
            }

            if (startLine < 0)
            {
                startLine = line.LineNumber;
            }

            if (trimmed.Length > 0 && trimmed[trimmed.Length - 1] == escape)
            {
                builder.Append(trimmed, 0, trimmed.Length - 1).Append(' ');
                continue;
            }

            builder.Append(trimmed);
            Add(stages, startLine, builder.ToString());
            builder.Clear();
            startLine = -1;
        }

        if (startLine >= 0)
        {
            Add(stages, startLine, builder.ToString());
        }

        return stages;
    }

    private static void Add(List<DockerStage> stages, int line, string instruction)
    {
        instruction = instruction.Trim();
        if (instruction.Length == 0)
        {
            return;
        }

        var space = IndexOfWhiteSpace(instruction);
        var keyword = (space < 0 ? instruction : instruction.Substring(0, space)).ToUpperInvariant();
        var arguments = space < 0 ? string.Empty : instruction.Substring(space + 1).Trim();
        var parsed = new DockerInstruction(line, keyword, arguments);
        if (keyword == "FROM")
        {
            var words = new List<string>();
            foreach (var word in arguments.Split(WhiteSpace, StringSplitOptions.RemoveEmptyEntries))
            {
                if (!word.StartsWith("--", StringComparison.Ordinal))
                {
                    words.Add(word.ToLowerInvariant());
                }
            }

            var image = words.Count > 0 ? words[0] : string.Empty;
            var name = words.Count >= 3 && words[1] == "as" ? words[2] : string.Empty;
            stages.Add(new DockerStage(parsed, image, name));
        }
        else if (stages.Count > 0)
        {
            stages[stages.Count - 1].Instructions.Add(parsed);
        }
    }

    private static int IndexOfWhiteSpace(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsWhiteSpace(value[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
