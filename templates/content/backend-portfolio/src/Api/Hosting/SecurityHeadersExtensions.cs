namespace PortfolioSample.Api.Hosting;

internal static class SecurityHeadersExtensions
{
    // A JSON API renders nothing, so it may load nothing and be framed by nobody.
    private const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    // The API reference page runs its own bundled script and styles, and calls this API; nothing from elsewhere.
    private const string DocsContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Adds the headers when the response starts, so that error responses written later in the pipeline
    /// (which clear earlier headers) carry them too.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // The static callback with the context as state allocates no closure per request.
            context.Response.OnStarting(AddHeaders, context);
            return next(context);
        });

    private static Task AddHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiDocumentationExtensions.DocsPath)
            ? DocsContentSecurityPolicy
            : ApiContentSecurityPolicy;
        return Task.CompletedTask;
    }
}
