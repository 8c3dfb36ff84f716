using Microsoft.OpenApi;

namespace PortfolioSample.Api.Hosting;

/// <summary>What the OpenAPI document says about itself and where it is served from.</summary>
internal static class OpenApiDocumentInfo
{
    /// <summary>
    /// Titles the document, names its authors and the licence the repository has, and gives each server the request's
    /// own base address without the trailing slash the framework adds (every path starts with "/").
    /// </summary>
    public static void Describe(OpenApiDocument document, string title, string description)
    {
        document.Info.Title = title;
        document.Info.Description = description;
        document.Info.Contact = new OpenApiContact { Name = "The Sample Authors" };
#if (MitLicense)
        document.Info.License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" };
#elif (ApacheLicense)
        document.Info.License = new OpenApiLicense { Name = "Apache License 2.0", Identifier = "Apache-2.0" };
#else
        document.Info.License = new OpenApiLicense { Name = "All rights reserved", Identifier = "LicenseRef-All-Rights-Reserved" };
#endif
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }
    }
}
