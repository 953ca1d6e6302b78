using System.Net;
using System.Text;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.Authorization;
using ChangeBot.Tests.Hosting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Api;

/// <summary>
/// Every route the app maps under /api/v1, read from its EndpointDataSource so that a new route cannot be
/// left out: without a token, with a wrong one, and with a good one. Bodies are deliberately malformed,
/// which also proves the token is checked before the body is read or bound.
/// </summary>
public sealed class EveryRouteAuthTests
{
    /// <summary>A value for each route parameter; a new parameter name fails the test until it is added.</summary>
    private static readonly Dictionary<string, string> RouteValues = new(StringComparer.Ordinal)
    {
        ["id"] = "api-sandbox-tls-certificate",
        ["channel"] = "slack:T1:C1",
    };

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789")]
    [InlineData(ApiClient.Token + "x")]
    [InlineData("Basic")]
    public async Task EveryRoute_WithoutAValidToken_Is401AndChangesNothing(string? token)
    {
        await using var app = ApiClient.App();
        using var client = app.CreateClient();
        if (token == "Basic")
        {
            client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("support:not-the-token")));
        }
        else if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        var store = app.Services.GetRequiredService<IChangeBotStore>();
        var before = await SupportCommandScenario.SnapshotAsync(store);

        foreach (var (method, path, contentType) in Routes(app))
        {
            using var response = await client.SendAsync(Request(method, path, contentType), TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without a valid token");
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await SupportCommandScenario.SnapshotAsync(store));
    }

    [Theory]
    [InlineData("POST", "/api/v1/notices", "text/xml")]
    [InlineData("DELETE", "/api/v1/notices", "application/json")]
    [InlineData("GET", "/api/v1/no-such-route", "application/json")]
    public async Task RequestRoutingCannotMatch_WithoutAToken_Is401NotARouteHint(string method, string path, string contentType)
    {
        await using var app = ApiClient.App();
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Request(method, path, contentType), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task EveryRoute_WithTheToken_GetsPastAuthentication()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();

        foreach (var (method, path, contentType) in Routes(app))
        {
            using var response = await client.SendAsync(Request(method, path, contentType), TestContext.Current.CancellationToken);
            // Past the gate: the route's own answer (200, or 400 for the malformed body, 404, 409), never 401/403/5xx.
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)response.StatusCode < 500,
                $"{method} {path} answered {(int)response.StatusCode} with a valid token");
        }
    }

    /// <summary>Method, path and the body's content type (the first the route accepts, else JSON).</summary>
    private static List<(string Method, string Path, string ContentType)> Routes(ChangeBotApp app)
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (
                m,
                Fill(e.RoutePattern.RawText!),
                e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json")))
            .ToList();
        // The routes docs/support-workflow.md#who-may-do-what and issue 9 name; guards against the data source reading nothing.
        Assert.True(routes.Count >= 14, $"only {routes.Count} routes found under /api/v1");
        return routes;
    }

    private static string Fill(string pattern)
    {
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(pattern, @"\{(\w+)[^}]*\}").Select(m => m.Groups[1].Value))
        {
            Assert.True(RouteValues.ContainsKey(name), $"{pattern}: give the route parameter '{name}' a sample value in {nameof(RouteValues)}");
            pattern = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{" + name + @"[^}]*\}", Uri.EscapeDataString(RouteValues[name]));
        }

        return pattern;
    }

    private static HttpRequestMessage Request(string method, string path, string contentType) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" or "PUT" or "PATCH" ? new StringContent("{ not json", Encoding.UTF8, contentType) : null,
    };
}
