using System.ComponentModel.DataAnnotations;

namespace PortfolioSample.Api.Common;

/// <summary>The names a validation attribute allows, which the OpenAPI document lists as the value's enum.</summary>
public interface IAllowedNames
{
    IReadOnlyList<string> Names { get; }
}

/// <summary>
/// Accepts only a declared name of <typeparamref name="TEnum"/>, spelled exactly. Put it on a string query or route
/// value, not an enum-typed one: the framework binds enums with <see cref="Enum.TryParse{TEnum}(string?, out TEnum)"/>,
/// which also takes numbers ("1", "99") and combinations ("Placed,Cancelled") that no client was told about.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class EnumNameAttribute<TEnum>() : ValidationAttribute("The {0} field must be one of: " + string.Join(", ", Enum.GetNames<TEnum>()) + ".")
    , IAllowedNames
    where TEnum : struct, Enum
{
    public IReadOnlyList<string> Names { get; } = Enum.GetNames<TEnum>();

    public override bool IsValid(object? value) => value is null || (value is string name && Names.Contains(name, StringComparer.Ordinal));
}
