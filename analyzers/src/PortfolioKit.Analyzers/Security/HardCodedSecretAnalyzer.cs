using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Markdown;
using PortfolioKit.Analyzers.Repository;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Security;

/// <summary>
/// PK4001: a secret written into source: a connection string with a password, a string literal stored
/// in something named like a password, API key or client secret, or the literal bytes of a JWT signing
/// key. Placeholders (<c>&lt;password&gt;</c>, <c>{0}</c>, <c>${DB_PASSWORD}</c>), configuration keys
/// (<c>"Jwt:Key"</c>), environment-variable names and test projects are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedSecretAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.HardCodedSecret,
        messageFormat: "{0} is hard-coded; read it from configuration (user-secrets, environment variables, a vault) instead",
        description: "Secrets committed to source are readable by everyone with the repository and stay in its history. Read them from IConfiguration (dotnet user-secrets in development, environment variables or a secret store in production).");

    // Interpreted, not RegexOptions.Compiled: compiling emits and JIT-compiles IL the first time the analyzer runs (tens of
    // milliseconds per regex in every compiler process), for patterns matched against a few short literals.
    private static readonly Regex ConnectionStringPassword = new(
        @"(?:^|;)\s*(?:password|pwd)\s*=\s*(?<value>[^;]*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex ConfigurationKey = new(@"^[A-Za-z0-9_.\-]+(:[A-Za-z0-9_.\-]+)+$", RegexOptions.CultureInvariant);
    private static readonly Regex EnvironmentVariableName = new(@"^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant);
    // Words without digits ("accessToken", "user_token", "X-Api-Key") name a storage key or a header; they are not the secret.
    private static readonly Regex WordOrKeyName = new(@"^[A-Za-z]+([-_.][A-Za-z]+)*$", RegexOptions.CultureInvariant);

    // Names that hold a secret value...
    private static readonly string[] SecretNameParts = { "password", "passwd", "secret", "apikey", "accesskey", "privatekey", "signingkey", "accesstoken", "authtoken", "bearertoken" };

    // ...unless they describe where the secret is found rather than the secret itself.
    private static readonly string[] NonSecretNameSuffixes =
    {
        "name", "header", "path", "section", "configkey", "settingkey", "claim", "policy", "scheme", "url", "uri",
        "endpoint", "field", "property", "parameter", "param", "label", "message", "prompt", "pattern", "regex", "length", "hash", "id",
        "route", "template", "format", "text", "view", "page", "action", "error", "hint", "title", "description", "link", "subject",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            if (CompilationTraits.IsTestProject(compilationContext.Compilation))
            {
                return;
            }

            // Looked up on the first creation of a type of that name: most projects have no JWT library.
            var symmetricKey = new LazyType(compilationContext.Compilation, "Microsoft.IdentityModel.Tokens.SymmetricSecurityKey");
            // One callback per literal instead of one per argument, declarator, assignment and initializer: the
            // named-value check starts from the string literal and looks up at what receives it.
            compilationContext.RegisterOperationAction(
                c =>
                {
                    AnalyzeLiteral(c);
                    AnalyzeNamedValue(c);
                },
                OperationKind.Literal);
            compilationContext.RegisterOperationAction(c => AnalyzeSigningKey(c, symmetricKey), OperationKind.ObjectCreation);
        });
    }

    /// <summary><c>"Host=db;Username=app;Password=hunter2"</c> anywhere in the code.</summary>
    private static void AnalyzeLiteral(OperationAnalysisContext context)
    {
        var literal = (ILiteralOperation)context.Operation;
        if (literal.ConstantValue.Value is not string text || text.IndexOf('=') < 0)
        {
            return;
        }

        var match = ConnectionStringPassword.Match(text);
        if (match.Success && IsSecretValue(match.Groups["value"].Value.Trim().Trim('\'', '"'), minimumLength: 1))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, literal.Syntax.GetLocation(), "A connection-string password"));
        }
    }

    /// <summary>A literal stored under a secret-sounding name: <c>const string ApiKey = "sk_live_..."</c>, <c>options.ClientSecret = "..."</c>.</summary>
    private static void AnalyzeNamedValue(OperationAnalysisContext context)
    {
        // The literal check is cheap and rarely true, so it runs before the name is looked up and normalised.
        var literal = (ILiteralOperation)context.Operation;
        if (literal.ConstantValue.Value is not string text)
        {
            return;
        }

        // The value as written is the literal under conversions and parentheses; its parent receives it.
        IOperation value = literal;
        while (value.Parent is IConversionOperation or IParenthesizedOperation)
        {
            value = value.Parent;
        }

        var name = value.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } initializer
                when declarator.Initializer == initializer => declarator.Symbol.Name,
            IFieldInitializerOperation field when field.InitializedFields.Length == 1 => field.InitializedFields[0].Name,
            IPropertyInitializerOperation property when property.InitializedProperties.Length == 1 => property.InitializedProperties[0].Name,
            ISimpleAssignmentOperation assignment when assignment.Value == value => TargetName(assignment.Target),
            IArgumentOperation argument => argument.Parameter?.Name,
            _ => null,
        };
        if (name is null)
        {
            return;
        }

        // A connection string stored under such a name is judged by its Password= part alone (AnalyzeLiteral).
        if (IsSecretName(name)
            && !(text.IndexOf('=') >= 0 && text.IndexOf(';') >= 0)
            && IsSecretValue(text, minimumLength: 6))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, literal.Syntax.GetLocation(), $"The value of '{name}'"));
        }
    }

    /// <summary><c>new SymmetricSecurityKey(Encoding.UTF8.GetBytes("my-super-secret-signing-key"))</c>.</summary>
    private static void AnalyzeSigningKey(OperationAnalysisContext context, LazyType symmetricKey)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!symmetricKey.Is(creation.Type))
        {
            return;
        }

        foreach (var descendant in creation.DescendantsInSameFunction())
        {
            if (descendant is ILiteralOperation { ConstantValue.Value: string text } literal && IsSecretValue(text, minimumLength: 8))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, literal.Syntax.GetLocation(), "A JWT signing key"));
            }
        }
    }

    private static string? TargetName(IOperation target) => target switch
    {
        IPropertyReferenceOperation property => property.Property.Name,
        IFieldReferenceOperation field => field.Field.Name,
        ILocalReferenceOperation local => local.Local.Name,
        _ => null,
    };

    internal static bool IsSecretName(string name)
    {
        // Most names reaching here are plain ASCII identifiers without underscores (parameter names of every call
        // with a string argument): compare them in place instead of allocating a lowered copy of each.
        if (name.IndexOf('_') < 0 && IsAscii(name))
        {
            return ContainsSecretPart(name);
        }

        var normalized = name.Replace("_", string.Empty).ToLowerInvariant();
        var containsSecret = false;
        foreach (var part in SecretNameParts)
        {
            if (normalized.Contains(part))
            {
                containsSecret = true;
                break;
            }
        }

        if (!containsSecret)
        {
            return false;
        }

        foreach (var suffix in NonSecretNameSuffixes)
        {
            if (normalized.EndsWith(suffix, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsSecretPart(string name)
    {
        var containsSecret = false;
        foreach (var part in SecretNameParts)
        {
            if (name.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                containsSecret = true;
                break;
            }
        }

        if (!containsSecret)
        {
            return false;
        }

        foreach (var suffix in NonSecretNameSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAscii(string name)
    {
        foreach (var character in name)
        {
            if (character > 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsSecretValue(string value, int minimumLength)
    {
        if (value.Length < minimumLength || value.Trim().Length != value.Length || value.IndexOf(' ') >= 0)
        {
            return false;
        }

        return !IsPlaceholder(value)
            && !ConfigurationKey.IsMatch(value)
            && !EnvironmentVariableName.IsMatch(value)
            && !(minimumLength > 1 && WordOrKeyName.IsMatch(value))
            && !(minimumLength > 1 && IsRouteOrTemplate(value))
            && !value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A route ("/account/reset-password") or a message template ("Password for {User} changed") is not a secret.</summary>
    private static bool IsRouteOrTemplate(string value) =>
        value.StartsWith("/", StringComparison.Ordinal) || value.StartsWith("~/", StringComparison.Ordinal)
        || (value.IndexOf('{') >= 0 && value.IndexOf('}') > value.IndexOf('{'));

    private static bool IsPlaceholder(string value)
    {
        if ((value.StartsWith("<", StringComparison.Ordinal) && value.EndsWith(">", StringComparison.Ordinal))
            || (value.StartsWith("{", StringComparison.Ordinal) && value.EndsWith("}", StringComparison.Ordinal))
            || (value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith("}", StringComparison.Ordinal))
            || (value.StartsWith("%", StringComparison.Ordinal) && value.EndsWith("%", StringComparison.Ordinal))
            || (value.StartsWith("__", StringComparison.Ordinal) && value.EndsWith("__", StringComparison.Ordinal)))
        {
            return true;
        }

        foreach (var character in value)
        {
            if (character != '*' && character != 'x' && character != 'X' && character != '.')
            {
                return false;
            }
        }

        return true;
    }
}
