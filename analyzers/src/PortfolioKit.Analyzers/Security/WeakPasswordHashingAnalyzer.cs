using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using PortfolioKit.Analyzers.Roslyn;

namespace PortfolioKit.Analyzers.Security;

/// <summary>
/// PK4002: a password hashed with a fast hash (MD5, SHA-1, SHA-2, SHA-3, or an HMAC of them), derived with PBKDF2 at an
/// iteration count below OWASP's current minimum (1,300,000 for HMAC-SHA1, 600,000 for HMAC-SHA256, 210,000 for
/// HMAC-SHA512; <c>new Rfc2898DeriveBytes(password, salt)</c> defaults to 1,000), or stored as plain text in an EF Core
/// entity's <c>Password</c> property. A value counts as a password when the hashed expression mentions something named
/// password, passphrase or pwd, or the result goes into a member of that name. Hashing other data (ETags, file
/// checksums, cache keys) is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakPasswordHashingAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = RuleDescriptors.Create(
        RuleIdentifiers.WeakPasswordHashing,
        messageFormat: "{0}; hash passwords with PasswordHasher<TUser> (ASP.NET Core Identity), Argon2id or bcrypt, or PBKDF2 with at least 600,000 iterations of HMAC-SHA256",
        description: "Fast hashes let an attacker who gets the user table test billions of guesses per second on a GPU; a plain-text password column gives every password away at once. Use a slow, salted password hash: PasswordHasher<TUser>, Argon2id or bcrypt, or PBKDF2 with OWASP's iteration counts.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(compilationContext =>
        {
            var compilation = compilationContext.Compilation;
            var hashAlgorithm = compilation.GetTypeByMetadataName("System.Security.Cryptography.HashAlgorithm");
            if (hashAlgorithm is null || CompilationTraits.IsTestProject(compilation))
            {
                return;
            }

            var pbkdf2 = compilation.GetTypeByMetadataName("System.Security.Cryptography.Rfc2898DeriveBytes");
            // Looked up on the first Pbkdf2 call: most projects do not reference ASP.NET Core's KeyDerivation.
            var keyDerivation = new LazyType(compilation, "Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation");
            compilationContext.RegisterOperationAction(c => AnalyzeInvocation(c, hashAlgorithm, pbkdf2, keyDerivation), OperationKind.Invocation);
            if (pbkdf2 is not null)
            {
                compilationContext.RegisterOperationAction(c => AnalyzeCreation(c, pbkdf2), OperationKind.ObjectCreation);
            }

            if (EfCoreSymbols.TryCreate(compilation) is { } ef)
            {
                var entities = EntityTypeCatalog.For(compilation, ef);
                compilationContext.RegisterOperationAction(c => AnalyzePlainTextStore(c, entities), OperationKind.SimpleAssignment);
            }
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol hashAlgorithm, INamedTypeSymbol? pbkdf2, LazyType keyDerivation)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "ComputeHash" or "HashData" or "TryComputeHash" or "TryHashData" or "HashDataAsync" or "ComputeHashAsync":
                var hashType = invocation.Instance?.Type ?? method.ContainingType;
                if (hashType.InheritsFromOrEquals(hashAlgorithm) && HashesPassword(invocation))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), $"The password is hashed with {AlgorithmName(hashType!)}, a fast hash"));
                }

                return;
            case "Pbkdf2" when method.ContainingType.IsType(pbkdf2) || keyDerivation.Is(method.ContainingType):
                ReportLowIterations(context, invocation.Arguments, invocation.Syntax);
                return;
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol pbkdf2)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.IsType(pbkdf2))
        {
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "iterations")
            {
                ReportLowIterations(context, creation.Arguments, creation.Syntax);
                return;
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), "Rfc2898DeriveBytes without an iteration count runs 1,000 iterations of HMAC-SHA1"));
    }

    private static void ReportLowIterations(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, SyntaxNode syntax)
    {
        int? iterations = null;
        var algorithm = "SHA1";
        foreach (var argument in arguments)
        {
            var value = argument.Value.WalkDownConversions();
            switch (argument.Parameter?.Name)
            {
                case "iterations" or "iterationCount" when value.ConstantValue.Value is int count:
                    iterations = count;
                    break;
                case "hashAlgorithm" when value is IPropertyReferenceOperation { Property.Name: var name }:
                    algorithm = name;
                    break;
                case "prf" when value is IFieldReferenceOperation { Field.Name: var name }:
                    algorithm = name.Replace("HMAC", string.Empty);
                    break;
            }
        }

        var minimum = algorithm switch
        {
            "SHA512" => 210_000,
            "SHA384" => 210_000,
            "SHA256" => 600_000,
            _ => 1_300_000,
        };
        if (iterations is { } actual && actual < minimum)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                syntax.GetLocation(),
                $"PBKDF2 with HMAC-{algorithm} runs {actual:N0} iterations, below OWASP's minimum of {minimum:N0}"));
        }
    }

    /// <summary><c>user.Password = request.Password</c> on an EF Core entity: the password itself goes into the database.</summary>
    private static void AnalyzePlainTextStore(OperationAnalysisContext context, EntityTypeCatalog entities)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "Password" or "PlainPassword" or "PasswordText" } property }
            || property.Type.SpecialType != SpecialType.System_String
            || entities.FindEntity(property.ContainingType) is null)
        {
            return;
        }

        var value = assignment.Value.WalkDownConversions();
        var source = value switch
        {
            IPropertyReferenceOperation reference => reference.Property.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            ILocalReferenceOperation local => local.Local.Name,
            _ => null,
        };
        if (source is not null && IsPasswordName(source))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), $"The password is stored as plain text in {property.ContainingType.Name}.{property.Name}"));
        }
    }

    /// <summary>The hashed data mentions a password, or the hash is stored in a member named like one.</summary>
    private static bool HashesPassword(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (MentionsPassword(argument.Value))
            {
                return true;
            }
        }

        for (var parent = invocation.Parent; parent is not null && !parent.IsFunctionBoundary(); parent = parent.Parent)
        {
            var target = parent switch
            {
                ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } => property.Property.Name,
                ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } => field.Field.Name,
                IVariableDeclaratorOperation declarator => declarator.Symbol.Name,
                IReturnOperation => null,
                _ => string.Empty,
            };
            if (target is null)
            {
                return false;
            }

            if (target.Length > 0)
            {
                return IsPasswordName(target);
            }
        }

        return false;
    }

    private static bool MentionsPassword(IOperation value)
    {
        if (NameOf(value) is { } name && IsPasswordName(name))
        {
            return true;
        }

        foreach (var descendant in value.DescendantsInSameFunction())
        {
            if (NameOf(descendant) is { } descendantName && IsPasswordName(descendantName))
            {
                return true;
            }
        }

        return false;
    }

    private static string? NameOf(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation property => property.Property.Name,
        IFieldReferenceOperation field => field.Field.Name,
        IParameterReferenceOperation parameter => parameter.Parameter.Name,
        ILocalReferenceOperation local => local.Local.Name,
        _ => null,
    };

    internal static bool IsPasswordName(string name)
    {
        var lower = name.ToLowerInvariant();
        return (lower.Contains("password") || lower.Contains("passphrase") || lower.Contains("passwd") || lower == "pwd" || lower.EndsWith("pwd", StringComparison.Ordinal))
            && !lower.Contains("reset") && !lower.Contains("policy") && !lower.Contains("length");
    }

    private static string AlgorithmName(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name is "MD5" or "SHA1" or "SHA256" or "SHA384" or "SHA512" or "SHA3_256" or "SHA3_384" or "SHA3_512"
                or "HMACMD5" or "HMACSHA1" or "HMACSHA256" or "HMACSHA384" or "HMACSHA512")
            {
                return current.Name.Replace('_', '-');
            }
        }

        return type.Name;
    }
}
