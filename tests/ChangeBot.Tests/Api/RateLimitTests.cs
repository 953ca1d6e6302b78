using System.Net;

namespace ChangeBot.Tests.Api;

/// <summary>The REST API limits each token (120 calls a minute): a runaway script gets 429s, other
/// callers are unaffected, and an unauthenticated call is still a plain 401.</summary>
public sealed class RateLimitTests
{
    private const string OtherToken = "second-token-fedcba9876543210";

    [Fact]
    public async Task OneTokenOverItsLimit_Gets429_OthersAreUnaffected()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = ApiClient.App(new Dictionary<string, string?> { ["ChangeBot:ApiTokens"] = $"{ApiClient.Token},{OtherToken}" });
        using var runaway = app.Authorized();
        using var other = app.Authorized(OtherToken);
        using var anonymous = app.CreateClient();

        // Bounded by two windows' worth, in case the fixed window happens to roll over during the loop.
        var statuses = new List<HttpStatusCode>();
        while (statuses.Count < 241 && !statuses.Contains(HttpStatusCode.TooManyRequests))
        {
            using var response = await runaway.GetAsync("/api/v1/audit?max=1", ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.True(statuses.Count > 120, $"limited after {statuses.Count - 1} calls");
        Assert.All(statuses[..^1], s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/audit?max=1", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/audit?max=1", ct)).StatusCode);
    }
}
