using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// Lists the string values of a JSON document such as <c>appsettings.json</c>. It is a tolerant scanner, not a
/// validator: comments and trailing commas (which the .NET configuration reader accepts) are skipped, and malformed
/// input yields whatever strings can be found instead of an exception. Linear, and without recursion.
/// </summary>
internal static class JsonStrings
{
    /// <summary>Deeper nesting is followed for balance but not for names, so that path building stays cheap.</summary>
    private const int MaxTrackedDepth = 64;

    /// <remarks>
    /// One pass over the characters with the scanner's state (open containers, the pending key) in locals: split into
    /// methods it would pass that state around by reference for every character.
    /// </remarks>
    public static List<JsonString> Read(string json)
    {
        var result = new List<JsonString>();
        var containers = new List<(bool IsObject, string Name)>();
        var untracked = 0;
        string? pendingKey = null;
        var expectKey = false;
        var i = 0;
        while (i < json.Length)
        {
            var c = json[i];
            switch (c)
            {
                case '/' when i + 1 < json.Length && json[i + 1] == '/':
                    while (i < json.Length && json[i] != '\n')
                    {
                        i++;
                    }

                    continue;
                case '/' when i + 1 < json.Length && json[i + 1] == '*':
                    var close = json.IndexOf("*/", i + 2, System.StringComparison.Ordinal);
                    i = close < 0 ? json.Length : close + 2;
                    continue;
                case '{':
                case '[':
                    if (containers.Count >= MaxTrackedDepth)
                    {
                        untracked++;
                        pendingKey = null;
                        expectKey = c == '{';
                        i++;
                        continue;
                    }

                    containers.Add((c == '{', pendingKey ?? InheritedName(containers)));
                    pendingKey = null;
                    expectKey = c == '{';
                    i++;
                    continue;
                case '}':
                case ']':
                    if (untracked > 0)
                    {
                        untracked--;
                    }
                    else if (containers.Count > 0)
                    {
                        containers.RemoveAt(containers.Count - 1);
                    }

                    pendingKey = null;
                    expectKey = false;
                    i++;
                    continue;
                case ',':
                    expectKey = containers.Count > 0 && containers[containers.Count - 1].IsObject;
                    pendingKey = null;
                    i++;
                    continue;
                case ':':
                    expectKey = false;
                    i++;
                    continue;
                case '"':
                    var start = i + 1;
                    var value = ReadString(json, ref i, out var end);
                    var span = TextSpan.FromBounds(start, end);
                    var inObject = containers.Count > 0 && containers[containers.Count - 1].IsObject;
                    if (inObject && expectKey)
                    {
                        pendingKey = value;
                        expectKey = false;
                    }
                    else if (containers.Count > 0)
                    {
                        var path = new List<string>(containers.Count + 1);
                        foreach (var container in containers)
                        {
                            if (container.Name.Length > 0)
                            {
                                path.Add(container.Name);
                            }
                        }

                        if (inObject && pendingKey is not null)
                        {
                            path.Add(pendingKey);
                        }

                        result.Add(new JsonString(path, value, span));
                        pendingKey = null;
                    }

                    continue;
                default:
                    i++;
                    continue;
            }
        }

        return result;
    }

    private static string InheritedName(List<(bool IsObject, string Name)> containers) =>
        containers.Count > 0 && !containers[containers.Count - 1].IsObject ? containers[containers.Count - 1].Name : string.Empty;

    /// <summary>
    /// Reads the string starting at the quote at <paramref name="i"/>; leaves <paramref name="i"/> after the closing
    /// quote (or at the end of the line for an unterminated string). <paramref name="end"/> is where the content ends.
    /// </summary>
    private static string ReadString(string json, ref int i, out int end)
    {
        var builder = new StringBuilder();
        i++;
        while (i < json.Length)
        {
            var c = json[i];
            if (c == '"')
            {
                end = i;
                i++;
                return builder.ToString();
            }

            if (c == '\n' || c == '\r')
            {
                // An unterminated string ends at the line break.
                end = i;
                return builder.ToString();
            }

            if (c == '\\' && i + 1 < json.Length)
            {
                var escaped = json[i + 1];
                i += 2;
                switch (escaped)
                {
                    case 'n':
                        builder.Append('\n');
                        break;
                    case 't':
                        builder.Append('\t');
                        break;
                    case 'u' when i + 4 <= json.Length && int.TryParse(json.Substring(i, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        i += 4;
                        break;
                    default:
                        builder.Append(escaped);
                        break;
                }

                continue;
            }

            builder.Append(c);
            i++;
        }

        end = json.Length;
        return builder.ToString();
    }
}
