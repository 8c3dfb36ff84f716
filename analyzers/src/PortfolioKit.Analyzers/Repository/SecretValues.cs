using System;
using System.Text.RegularExpressions;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Repository;

/// <summary>
/// What counts as a committed secret in a configuration file (PK9201), and what is only a placeholder for one.
/// A key names a secret when it ends with one (<c>Password</c>, <c>ClientSecret</c>, <c>ApiKey</c>, <c>AccessToken</c>,
/// ...): <c>PasswordHasher</c> or <c>TokenLifetime</c> name settings about secrets, not secrets.
/// </summary>
internal static class SecretValues
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private static readonly Regex ConnectionStringSecret = new(
        @"(?:^|;)\s*(?<key>password|pwd|accountkey|sharedaccesskey|access\s?key|client\s?secret)\s*=\s*(?<value>[^;]*)",
        Options);

    private static readonly Regex KnownToken = new(
        @"ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}|\bsk_live_[A-Za-z0-9]{16,}|\bsk-[A-Za-z0-9_-]{20,}|\bAKIA[0-9A-Z]{16}\b|\bxox[baprs]-[A-Za-z0-9-]{10,}|\bAIza[0-9A-Za-z_-]{35}|-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----",
        RegexOptions.CultureInvariant);

    private static readonly Regex PlaceholderWords = new(
        @"your|change|replace|placeholder|example|redacted|dummy|todo|fixme|set[\s_-]?(?:by|via|in|from)|user[\s_-]?secrets?|from[\s_-]?env|env:|key[\s_-]?vault|vault:|secret[\s_-]?here|not[\s_-]?set",
        Options);

    private static readonly string[] SecretNameEndings =
    {
        "password", "passwd", "pwd", "passphrase", "secret", "secretkey", "apikey", "accesskey", "privatekey", "signingkey",
        "encryptionkey", "masterkey", "token",
    };

    private static readonly Regex EnvironmentVariableName = new(@"^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex ConfigurationKey = new(@"^[A-Za-z0-9_.\-]+(:[A-Za-z0-9_.\-]+)+$", RegexOptions.CultureInvariant);
    private static readonly Regex KeyContext = new(@"jwt|token|auth|sign|encrypt|crypt|api|secret|stripe|sendgrid|openai|smtp|mail", Options);

    /// <summary>A description of the secret the value holds ("A connection-string password", ...), or null.</summary>
    public static string? Describe(JsonString value)
    {
        var text = value.Value;
        if (text.Length == 0)
        {
            return null;
        }

        var inConnectionStrings = false;
        foreach (var segment in value.Path)
        {
            inConnectionStrings |= string.Equals(segment, "ConnectionStrings", StringComparison.OrdinalIgnoreCase);
        }

        if (inConnectionStrings || (text.IndexOf('=') >= 0 && text.IndexOf(';') >= 0))
        {
            foreach (Match match in ConnectionStringSecret.Matches(text.Length > 4000 ? text.Substring(0, 4000) : text))
            {
                var secret = match.Groups["value"].Value.Trim().Trim('\'', '"');
                if (secret.Length > 0 && !IsPlaceholder(secret))
                {
                    return $"A connection-string {match.Groups["key"].Value.ToLowerInvariant()}";
                }
            }

            return null;
        }

        var token = KnownToken.Match(text.Length > 4000 ? text.Substring(0, 4000) : text);
        if (token.Success)
        {
            return "A credential token";
        }

        if (IsSecretName(value.Name, value.Parent) && text.Trim().Length >= 4 && !IsPlaceholder(text.Trim()))
        {
            return $"The value of '{string.Join(":", value.Path)}'";
        }

        return null;
    }

    private static bool IsSecretName(string name, string parent)
    {
        var normalized = name.Replace("_", string.Empty).Replace("-", string.Empty).Replace(".", string.Empty).ToLowerInvariant();
        if (normalized == "key")
        {
            return KeyContext.IsMatch(parent);
        }

        foreach (var ending in SecretNameEndings)
        {
            if (normalized.EndsWith(ending, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsPlaceholder(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0
            || Wrapped(trimmed, "<", ">") || Wrapped(trimmed, "{", "}") || Wrapped(trimmed, "${", "}") || Wrapped(trimmed, "$(", ")")
            || Wrapped(trimmed, "%", "%") || Wrapped(trimmed, "__", "__") || Wrapped(trimmed, "#{", "}#") || Wrapped(trimmed, "[", "]")
            || trimmed.StartsWith("${", StringComparison.Ordinal)
            || EnvironmentVariableName.IsMatch(trimmed) || ConfigurationKey.IsMatch(trimmed)
            || trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || PlaceholderWords.IsMatch(trimmed)
            || trimmed is "true" or "false" or "null" or "none")
        {
            return true;
        }

        foreach (var character in trimmed)
        {
            if (character is not ('*' or 'x' or 'X' or '.' or '-' or '_' or '#'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Wrapped(string value, string start, string end) =>
        value.Length >= start.Length + end.Length
        && value.StartsWith(start, StringComparison.Ordinal)
        && value.EndsWith(end, StringComparison.Ordinal);
}
