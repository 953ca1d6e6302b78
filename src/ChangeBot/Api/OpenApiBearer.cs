using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ChangeBot.Api;

/// <summary>Declares the bearer token in the OpenAPI document, so tools (and Scalar's "Authorize") know
/// every operation needs one.</summary>
internal sealed class OpenApiBearer : IOpenApiDocumentTransformer
{
    public const string Scheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = Scheme,
            Description = "A token from ChangeBot:ApiTokens.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
        return Task.CompletedTask;
    }
}
