using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChangeBot.Tests.Api;

namespace ChangeBot.Tests.Security;

/// <summary>A notice nested as deep as the REST body limit allows is a 400 naming the line, not a stack overflow
/// that kills the server (the pre-pass itself is proven against old code in ChangeBot.Core.Tests' Security suite).</summary>
public sealed class NoticeNestingTests
{
    [Fact]
    public async Task PostNotice_256KiBOfOpenLists_Is400NestingTooDeepAndTheServerLives()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var ct = TestContext.Current.CancellationToken;
        const string head = "---\nid: deep\ntitle: Deep\nproducts: ";
        const string tail = "\n---\n";
        var body = head + new string('[', (256 * 1024) - head.Length - tail.Length) + tail;

        var response = await client.PostAsync("/api/v1/notices?fileName=deep.md", new StringContent(body, Encoding.UTF8, "text/markdown"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("deep.md", error.GetProperty("file").GetString());
        Assert.Equal(4, error.GetProperty("line").GetInt32());
        Assert.StartsWith("nesting too deep", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/notices", ct)).StatusCode);
    }
}
