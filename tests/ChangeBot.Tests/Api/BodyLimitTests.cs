using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.Authorization;
using ChangeBot.Tests.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Api;

/// <summary>
/// Every /api/v1 route that takes a body, on real Kestrel (the in-memory test server cannot enforce a
/// request size limit): an oversized body is 413 and a malformed one 400, with a valid token, and neither
/// changes anything. The oversized bodies are otherwise valid, so a missing limit would show as a change.
/// </summary>
public sealed class BodyLimitTests
{
    private const int Oversized = 300 * 1024;

    [Theory]
    [InlineData("oversized", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("malformed", HttpStatusCode.BadRequest)]
    public async Task EveryRouteWithABody_BadBody_IsRejectedAndChangesNothing(string kind, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = ApiClient.App();
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiClient.Token);
        var store = app.Services.GetRequiredService<IChangeBotStore>();
        var before = await SupportCommandScenario.SnapshotAsync(store);

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/v1", StringComparison.Ordinal) && e.Metadata.GetMetadata<IAcceptsMetadata>() is not null)
            .Select(e => (Path: e.RoutePattern.RawText!.Replace("{id}", "api-sandbox-tls-certificate", StringComparison.Ordinal), Type: e.Metadata.GetMetadata<IAcceptsMetadata>()!.ContentTypes[0]))
            .ToList();
        Assert.True(routes.Count >= 4, $"only {routes.Count} routes with a body: {string.Join(", ", routes)}");

        foreach (var (path, type) in routes)
        {
            var body = (kind, type) switch
            {
                ("malformed", "application/json") => "{ \"text\": ",
                ("malformed", _) => "no front matter here",
                (_, "application/json") => $"{{\"text\":\"{new string('x', Oversized)}\",\"deadline\":\"2031-03-01T00:00:00Z\",\"target\":\"127.0.0.1\"}}",
                _ => "---\nid: big-notice\ntitle: Big\n---\n" + new string('x', Oversized),
            };
            // Expect: 100-continue, as large uploads do: the server can refuse before the body is sent.
            // Without it the server's early 413 races the upload and the client may see a reset instead.
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, type) };
            request.Headers.ExpectContinue = kind == "oversized";
            using var response = await client.SendAsync(request, ct);
            Assert.True(response.StatusCode == expected, $"POST {path} with a {kind} body answered {(int)response.StatusCode}");
        }

        Assert.Equal(before, await SupportCommandScenario.SnapshotAsync(store));
    }
}
