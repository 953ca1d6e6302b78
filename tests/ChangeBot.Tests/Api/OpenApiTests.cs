using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Api;

public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApiDocument_ListsEveryRestRouteTheAppMaps()
    {
        await using var app = ApiClient.App();
        using var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name.TrimEnd('/')}"))
            .ToHashSet();
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        Assert.NotEmpty(mapped);
        Assert.Equal(mapped.Order(), documented.Order());
    }

    [Fact]
    public async Task OpenApiDocument_DeclaresTheBearerTokenForEveryOperation()
    {
        await using var app = ApiClient.App();
        using var client = app.CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.True(Assert.Single(document.GetProperty("security").EnumerateArray()).TryGetProperty("bearer", out _));
    }

    [Fact]
    public async Task ApiReference_IsBrowsable()
    {
        await using var app = ApiClient.App();
        using var client = app.CreateClient();

        var page = await client.GetStringAsync("/scalar/v1", TestContext.Current.CancellationToken);

        Assert.Contains("ChangeBot REST API", page, StringComparison.Ordinal);
    }
}
