using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PortfolioSample.Api.Common;
using PortfolioSample.Api.Features.Orders;
using PortfolioSample.Api.Features.Products;
using PortfolioSample.Domain.Ordering;

namespace PortfolioSample.Api.Tests;

/// <summary>
/// The OpenAPI document is the contract: every rule the server enforces is stated in it, and the server reads
/// requests as strictly as the document describes them (a missing field is not its default, numbers are numbers,
/// enums are their names).
/// </summary>
public sealed class ContractTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [DatabaseFact]
    public async Task An_update_without_its_version_is_rejected_and_changes_nothing()
    {
        var product = await _client.GetFromJsonAsync<ProductResponse>("/api/products/1", JsonDefaults.Options);

        var response = await PutJsonAsync("/api/products/1", """{"name":"Renamed without a version","unitPrice":6}""");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(product, await _client.GetFromJsonAsync<ProductResponse>("/api/products/1", JsonDefaults.Options));
    }

    [DatabaseFact]
    public async Task A_cancellation_without_its_version_is_rejected()
    {
        var placed = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest("ada@example.com", [new OrderLineRequest(1, 1)]));
        var order = await placed.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<OrderResponse>(JsonDefaults.Options);

        using var body = new StringContent("{}", Encoding.UTF8, "application/json");
        var response = await _client.PostAsync(new Uri($"/api/orders/{order!.Id}/cancel", UriKind.Relative), body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [DatabaseFact]
    public async Task A_placed_order_reads_back_exactly_as_it_was_answered()
    {
        factory.Clock.Advance(TimeSpan.FromTicks(1_234_567)); // finer than PostgreSQL and MySQL store a time

        var response = await _client.PostAsJsonAsync("/api/orders", new PlaceOrderRequest("grace@example.com", [new OrderLineRequest(2, 1)]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await _client.GetAsync(response.Headers.Location);
        Assert.Equal(await response.Content.ReadAsStringAsync(), await read.Content.ReadAsStringAsync());
    }

    [DatabaseTheory]
    [InlineData("""{"name":"Price as a string","unitPrice":"6","version":0}""")]
    [InlineData("""{"name":"Version as a string","unitPrice":6,"version":"0"}""")]
    [InlineData("""{"name":null,"unitPrice":6,"version":0}""")]
    public async Task Values_of_the_wrong_json_type_are_rejected(string json)
    {
        var response = await PutJsonAsync("/api/products/2", json);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [DatabaseTheory]
    [InlineData("1")]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("Placed,Cancelled")]
    [InlineData("placed")]
    public async Task A_status_filter_that_is_not_a_status_name_is_rejected_with_the_allowed_names(string status)
    {
        var response = await _client.GetAsync(new Uri($"/api/orders?status={Uri.EscapeDataString(status)}", UriKind.Relative));

        var problem = await response.AssertValidationProblemAsync();
        Assert.Contains(string.Join(", ", Enum.GetNames<OrderStatus>()), problem.Errors["status"].Single(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Every validation attribute on a request (a body's properties, a query's parameters) is stated by the schema
    /// the document gives it, and the schema's `required` list is exactly the fields without a default. An attribute
    /// this test does not know fails it: document the rule (ValidationSchemaTransformer), then teach the test.
    /// </summary>
    [DatabaseFact]
    public async Task The_document_states_every_validation_rule_of_every_request()
    {
        var document = await DocumentAsync();
        var rules = 0;
        foreach (var (operation, handler) in Operations(document))
        {
            foreach (var parameter in handler.GetParameters())
            {
                var where = $"{handler.Name}({parameter.Name})";
                Assert.False(
                    Nullable.GetUnderlyingType(parameter.ParameterType) is { IsEnum: true } || parameter.ParameterType.IsEnum,
                    $"{where}: the framework binds an enum from numbers and combinations too; take a string with [EnumName<T>].");
                if (QueryParameter(operation, parameter.Name!) is { } query)
                {
                    Assert.Equal(!parameter.HasDefaultValue, query["required"]?.GetValue<bool>() ?? false);
                    rules += AssertStates(Resolve(document, query["schema"]!), parameter.GetCustomAttributes<ValidationAttribute>(), parameter.ParameterType, where);
                }
                else if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } body
                    && body["$ref"]?.GetValue<string>() == "#/components/schemas/" + parameter.ParameterType.Name)
                {
                    rules += AssertBodyStates(document, Resolve(document, body), parameter.ParameterType);
                }
            }
        }

        Assert.True(rules > 10, $"Only {rules} validation rules were compared: is the document still generated from the endpoints?");
    }

    /// <summary>
    /// What the pipeline answers before a handler runs is documented for every operation: 415 and 400 where a body is
    /// read (checked by sending one), and 429 from the rate limiter.
    /// </summary>
    [DatabaseFact]
    public async Task Every_operation_documents_the_errors_the_pipeline_sends()
    {
        var document = await DocumentAsync();
        foreach (var (path, method, operation) in AllOperations(document))
        {
            var statuses = operation["responses"]!.AsObject().Select(response => response.Key).ToList();
            Assert.Contains("429", statuses);
            Assert.All(statuses.Where(status => status.StartsWith('4')), status =>
                Assert.NotNull(operation["responses"]![status]!["content"]?["application/problem+json"]));
            if (operation["requestBody"] is null)
            {
                continue;
            }

            var uri = new Uri(path.Replace("{id}", "1", StringComparison.Ordinal), UriKind.Relative);
            using var text = new StringContent("not json", Encoding.UTF8, "text/plain");
            using var wrongType = new HttpRequestMessage(new HttpMethod(method), uri) { Content = text };
            Assert.Contains("415", statuses);
            await (await _client.SendAsync(wrongType)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

            using var empty = new StringContent("{}", Encoding.UTF8, "application/json");
            using var emptyObject = new HttpRequestMessage(new HttpMethod(method), uri) { Content = empty };
            Assert.Contains("400", statuses);
            await (await _client.SendAsync(emptyObject)).AssertProblemAsync(HttpStatusCode.BadRequest);
        }
    }

    private async Task<HttpResponseMessage> PutJsonAsync(string path, string json)
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        return await _client.PutAsync(new Uri(path, UriKind.Relative), body);
    }

    private async Task<JsonNode> DocumentAsync() => JsonNode.Parse(await _client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

    private static IEnumerable<(string Path, string Method, JsonNode Operation)> AllOperations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(operation => (path.Key, operation.Key.ToUpperInvariant(), operation.Value!)));

    /// <summary>Each operation of the document with the handler the server runs for it, matched by endpoint name.</summary>
    private IEnumerable<(JsonNode Operation, MethodInfo Handler)> Operations(JsonNode document)
    {
        var handlers = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>() is not null && endpoint.Metadata.GetMetadata<MethodInfo>() is not null)
            .ToDictionary(endpoint => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName, endpoint => endpoint.Metadata.GetMetadata<MethodInfo>()!);
        var operations = AllOperations(document).ToList();
        Assert.NotEmpty(operations);
        foreach (var (path, method, operation) in operations)
        {
            var name = operation["operationId"]?.GetValue<string>();
            Assert.True(name is not null && handlers.ContainsKey(name), $"{method} {path} has no operationId naming its endpoint (WithName).");
            yield return (operation, handlers[name]);
        }
    }

    private static JsonNode? QueryParameter(JsonNode operation, string name) =>
        operation["parameters"]?.AsArray().FirstOrDefault(parameter => parameter!["in"]!.GetValue<string>() == "query" && parameter["name"]!.GetValue<string>() == name);

    /// <summary>The schema behind a <c>$ref</c>, or the schema itself.</summary>
    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? document["components"]!["schemas"]![reference["#/components/schemas/".Length..]]!
            : schema;

    private static int AssertBodyStates(JsonNode document, JsonNode schema, Type type)
    {
        var rules = 0;
        var required = schema["required"]?.AsArray().Select(name => name!.GetValue<string>()).ToHashSet() ?? [];
        foreach (var parameter in type.GetConstructors().Single().GetParameters())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            var where = $"{type.Name}.{parameter.Name}";
            Assert.True(required.Contains(name) == !parameter.HasDefaultValue, $"{where}: required in the document must mean 'no default' in the code.");
            var property = Resolve(document, schema["properties"]![name]!);
            var attributes = type.GetProperty(parameter.Name!)!.GetCustomAttributes<ValidationAttribute>();
            rules += AssertStates(property, attributes, parameter.ParameterType, where);
            var element = parameter.ParameterType.IsGenericType ? parameter.ParameterType.GetGenericArguments()[0] : null;
            if (element is { IsClass: true } && element != typeof(string) && property["items"] is { } items)
            {
                rules += AssertBodyStates(document, Resolve(document, items), element);
            }
        }

        return rules;
    }

    private static int AssertStates(JsonNode schema, IEnumerable<ValidationAttribute> attributes, Type type, string where)
    {
        var jsonTypes = schema["type"] switch
        {
            JsonArray types => types.Select(value => value!.GetValue<string>()).ToList(),
            { } single => [single.GetValue<string>()],
            null => [],
        };
        var clrType = Nullable.GetUnderlyingType(type) ?? type;
        if (clrType == typeof(int) || clrType == typeof(long))
        {
            Assert.True(jsonTypes.Contains("integer") && !jsonTypes.Contains("string"), $"{where}: an integer is documented as {string.Join('|', jsonTypes)}.");
        }
        else if (clrType == typeof(decimal) || clrType == typeof(double))
        {
            Assert.True(jsonTypes.Contains("number") && !jsonTypes.Contains("string"), $"{where}: a number is documented as {string.Join('|', jsonTypes)}.");
        }

        var attributeList = attributes.ToList();
        var isRequired = attributeList.OfType<RequiredAttribute>().Any();
        var isString = jsonTypes.Contains("string");
        foreach (var attribute in attributeList)
        {
            switch (attribute)
            {
                case RequiredAttribute when isString:
                    Assert.True(Number(schema, "minLength") >= 1 && schema["pattern"] is not null, $"{where}: [Required] rejects empty and blank strings; the schema allows them.");
                    break;
                case RequiredAttribute:
                    break;
                case StringLengthAttribute length:
                    Assert.Equal(length.MaximumLength, Number(schema, "maxLength"));
                    Assert.Equal(Math.Max(length.MinimumLength, isRequired ? 1 : 0), Number(schema, "minLength"));
                    break;
                case MinLengthAttribute minimum:
                    Assert.Equal(minimum.Length, Number(schema, isString ? "minLength" : "minItems"));
                    break;
                case MaxLengthAttribute maximum:
                    Assert.Equal(maximum.Length, Number(schema, isString ? "maxLength" : "maxItems"));
                    break;
                case RangeAttribute range:
                    Assert.Equal(Convert.ToDecimal(range.Minimum, CultureInfo.InvariantCulture), schema["minimum"]!.GetValue<decimal>());
                    Assert.Equal(Convert.ToDecimal(range.Maximum, CultureInfo.InvariantCulture), schema["maximum"]!.GetValue<decimal>());
                    break;
                case RegularExpressionAttribute pattern:
                    Assert.Equal(pattern.Pattern, schema["pattern"]?.GetValue<string>());
                    break;
                case EmailAddressAttribute:
                    Assert.Equal("email", schema["format"]?.GetValue<string>());
                    break;
                case IAllowedNames allowed:
                    Assert.Equal(allowed.Names, schema["enum"]!.AsArray().Select(value => value!.GetValue<string>()));
                    break;
                default:
                    Assert.Fail($"{where}: [{attribute.GetType().Name}] is enforced by the server but no schema states it. Document it in ValidationSchemaTransformer, then compare it here.");
                    break;
            }
        }

        return attributeList.Count;
    }

    private static int? Number(JsonNode schema, string keyword) => schema[keyword]?.GetValue<int>();
}
