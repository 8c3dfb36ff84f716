using Microsoft.AspNetCore.Http.HttpResults;

namespace PortfolioSample.Api.Common;

internal static class Problems
{
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
