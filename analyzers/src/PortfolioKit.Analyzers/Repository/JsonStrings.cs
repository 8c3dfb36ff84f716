using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// Lists the string values of a JSON document such as <c>appsettings.json</c>. It is a tolerant scanner, not a
/// validator: comments and trailing commas (which the .NET configuration reader accepts) are skipped, and malformed
/// input yields whatever strings can be found instead of an exception. Linear, and without recursion: one scanner per
/// document keeps the open containers and the pending key while it walks the characters once.
/// </summary>
internal sealed class JsonStrings
{
    /// <summary>Deeper nesting is followed for balance but not for names, so that path building stays cheap.</summary>
    private const int MaxTrackedDepth = 64;

    private readonly string _json;
    private readonly List<JsonString> _result = new();
    private readonly List<(bool IsObject, string Name)> _containers = new();
    private int _untracked;
    private string? _pendingKey;
    private bool _expectKey;
    private int _position;

    private JsonStrings(string json) => _json = json;

    private bool InObject => _containers.Count > 0 && _containers[_containers.Count - 1].IsObject;

    public static List<JsonString> Read(string json)
    {
        var scanner = new JsonStrings(json);
        scanner.Scan();
        return scanner._result;
    }

    private void Scan()
    {
        while (_position < _json.Length)
        {
            var c = _json[_position];
            var next = _position + 1 < _json.Length ? _json[_position + 1] : '\0';
            switch (c)
            {
                case '/' when next == '/':
                    var lineEnd = _json.IndexOf('\n', _position);
                    _position = lineEnd < 0 ? _json.Length : lineEnd;
                    break;
                case '/' when next == '*':
                    var close = _json.IndexOf("*/", _position + 2, System.StringComparison.Ordinal);
                    _position = close < 0 ? _json.Length : close + 2;
                    break;
                case '{':
                case '[':
                    Open(isObject: c == '{');
                    _position++;
                    break;
                case '}':
                case ']':
                    Close();
                    _position++;
                    break;
                case ',':
                    _expectKey = InObject;
                    _pendingKey = null;
                    _position++;
                    break;
                case ':':
                    _expectKey = false;
                    _position++;
                    break;
                case '"':
                    StringToken();
                    break;
                default:
                    _position++;
                    break;
            }
        }
    }

    private void Open(bool isObject)
    {
        if (_containers.Count >= MaxTrackedDepth)
        {
            _untracked++;
        }
        else
        {
            _containers.Add((isObject, _pendingKey ?? InheritedName()));
        }

        _pendingKey = null;
        _expectKey = isObject;
    }

    private void Close()
    {
        if (_untracked > 0)
        {
            _untracked--;
        }
        else if (_containers.Count > 0)
        {
            _containers.RemoveAt(_containers.Count - 1);
        }

        _pendingKey = null;
        _expectKey = false;
    }

    /// <summary>A string at the quote under the scanner: a property name when one is expected, else a value.</summary>
    private void StringToken()
    {
        var start = _position + 1;
        var value = ReadString(_json, ref _position, out var end);
        if (InObject && _expectKey)
        {
            _pendingKey = value;
            _expectKey = false;
            return;
        }

        if (_containers.Count == 0)
        {
            return;
        }

        var path = new List<string>(_containers.Count + 1);
        foreach (var container in _containers)
        {
            if (container.Name.Length > 0)
            {
                path.Add(container.Name);
            }
        }

        if (InObject && _pendingKey is not null)
        {
            path.Add(_pendingKey);
        }

        _result.Add(new JsonString(path, value, TextSpan.FromBounds(start, end)));
        _pendingKey = null;
    }

    private string InheritedName() =>
        _containers.Count > 0 && !_containers[_containers.Count - 1].IsObject ? _containers[_containers.Count - 1].Name : string.Empty;

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
