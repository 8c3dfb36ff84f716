using Microsoft.AspNetCore.Diagnostics;

namespace PortfolioSample.Worker.Hosting;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, "abc" for a number, a missing body) into
/// 400 ProblemDetails that says what was wrong, in every environment, instead of a 500 or an empty 400.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails, ILogger<BadRequestExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        LogRejected(logger, httpContext.Request.Method, httpContext.Request.Path, badRequest.Message);
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read.",
                // The framework's message names the parameter and the problem, never server internals.
                Detail = badRequest.Message,
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Method} {Path}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string method, PathString path, string reason);
}
