using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PortfolioKit.Analyzers.Roslyn;

/// <summary>Finds the values an endpoint serialises into its response body.</summary>
internal static class ResponsePayloads
{
    /// <summary>
    /// Each value that ends up in the response: a returned object, or the body argument of
    /// <c>Results.Ok(x)</c>, <c>TypedResults.Created(uri, x)</c>, <c>Ok(x)</c> and similar.
    /// Locals assigned once are followed to the expression that produced them.
    /// </summary>
    public static IEnumerable<IOperation> Of(EndpointBody endpoint, EndpointSymbols symbols)
    {
        foreach (var returned in endpoint.ReturnedValues())
        {
            if (returned is IInvocationOperation call && symbols.IsResultFactory(call.TargetMethod))
            {
                foreach (var argument in call.Arguments)
                {
                    if (IsBodyParameter(argument.Parameter))
                    {
                        foreach (var value in Origins(argument.Value, endpoint.Body))
                        {
                            yield return value;
                        }
                    }
                }
            }
            else
            {
                foreach (var value in Origins(returned, endpoint.Body))
                {
                    yield return value;
                }
            }
        }
    }

    /// <summary>Result factories take the body as <c>object</c> or as a type parameter (<c>TValue</c>).</summary>
    private static bool IsBodyParameter(IParameterSymbol? parameter)
    {
        if (parameter is null)
        {
            return false;
        }

        var declaredType = parameter.OriginalDefinition.Type;
        return (declaredType is ITypeParameterSymbol || declaredType.SpecialType == SpecialType.System_Object)
            && parameter.Name != "routeValues";
    }

    private static IEnumerable<IOperation> Origins(IOperation value, IOperation body)
    {
        foreach (var leaf in OperationExtensions.PossibleValues(value))
        {
            if (leaf is ILocalReferenceOperation local && EndpointBodyOperations.Of(body).SingleAssignmentInitializer(local) is { } initializer)
            {
                foreach (var origin in OperationExtensions.PossibleValues(initializer))
                {
                    yield return origin;
                }
            }
            else
            {
                yield return leaf;
            }
        }
    }
}
