using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace PortfolioSample.Api.Hosting;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, "abc" for a number, a missing field or body) into
/// 400 ProblemDetails that says what was wrong, in every environment, instead of a 500 or an empty 400. A body that
/// is not valid for its type lists the fields, by their JSON names, under `errors`, like a failed validation.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails, ILogger<BadRequestExceptionHandler> logger)
    : IExceptionHandler
{
    private static readonly string[] Required = ["The field is required."];

    private static readonly string[] Unreadable =
        ["The value is not valid JSON, is null where a value is required, or has the wrong JSON type (numbers are JSON numbers, not strings)."];

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        LogRejected(logger, httpContext.Request.Method, httpContext.Request.Path, badRequest.Message);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        var reader = badRequest.InnerException as JsonException;
        var problem = reader is null ? new ProblemDetails() : new HttpValidationProblemDetails(FieldErrors(reader));
        problem.Status = badRequest.StatusCode;
        problem.Title = "The request could not be read.";
        // The framework's message names the parameter and the problem, never server internals.
        problem.Detail = badRequest.Message;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem });
    }

    /// <summary>
    /// The fields the JSON reader stopped at, by their JSON path, with what a client can do about it. The reader's
    /// own message is not passed on: it names .NET types.
    /// </summary>
    private static Dictionary<string, string[]> FieldErrors(JsonException reader)
    {
        var missing = MissingProperties().Match(reader.Message);
        if (missing.Success)
        {
            return missing.Groups["name"].Captures.ToDictionary(name => name.Value, _ => Required);
        }

        var field = reader.Path is null or "$" ? "$" : reader.Path.TrimStart('$', '.');
        return new Dictionary<string, string[]> { [field] = Unreadable };
    }

    [GeneratedRegex("missing required properties including: (?:'(?<name>[^']+)'(?:, )?)+")]
    private static partial Regex MissingProperties();

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Method} {Path}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string method, PathString path, string reason);
}
