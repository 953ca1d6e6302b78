using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChangeBot.Storage.Postgres;
using ChangeBot.Tests.Slack;

namespace ChangeBot.Tests.ScaleOut;

/// <summary>
/// Slack retries an event (same <c>event_id</c>, <c>X-Slack-Retry-Num</c>) when it thinks the first delivery
/// failed, and the load balancer may hand the retry to another instance; here both arrive at once, one at
/// each real server process. The shared database decides which one processes it: one reply, one duplicate.
/// </summary>
public sealed class SlackRetryAcrossInstancesTests
{
    [Fact]
    public async Task SlackEvent_SameEventIdPostedToBothInstances_ProcessedOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        using var database = await ChangeBotInstances.CreateDatabaseAsync(ct);
        await using var slack = await SlackApiDouble.StartAsync();
        await using var instances = await ChangeBotInstances.StartAsync(2, i => ChangeBotInstances.Settings(database.ConnectionString, i, slack.ApiBaseUrl), ct);
        var body = Encoding.UTF8.GetBytes(SlackTestApp.Payload("message_im.json"));

        var answers = await Task.WhenAll(
            PostEventAsync(instances[0].BaseAddress, body, retryNum: null, ct),
            PostEventAsync(instances[1].BaseAddress, body, retryNum: 1, ct));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        // The loser says so in its log; the winner answers the direct message.
        var duplicate = await Task.WhenAny(
            instances[0].WaitForOutputAsync("Duplicate Slack event Ev0DIRECT01", TimeSpan.FromSeconds(30)),
            instances[1].WaitForOutputAsync("Duplicate Slack event Ev0DIRECT01", TimeSpan.FromSeconds(30)));
        await duplicate;
        await slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Channel == "D0DIRECT1", timeout: TimeSpan.FromSeconds(30));
        await instances[0].StopAsync();
        await instances[1].StopAsync();

        var replies = slack.Calls.Where(c => c.Method == "chat.postMessage").ToList();
        Assert.Single(replies);
        Assert.Single(new[] { instances[0].Output, instances[1].Output }, o => o.Contains("Duplicate Slack event Ev0DIRECT01", StringComparison.Ordinal));
        // The question itself was handled once: support sees it once among the unanswered ones.
        await using var store = new PostgresChangeBotStore(database.ConnectionString);
        Assert.Single(await store.ListUnansweredAsync(10, ct));
    }

    private static async Task<HttpStatusCode> PostEventAsync(Uri instance, byte[] body, int? retryNum, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = instance };
        var timestamp = SlackTestApp.Now;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/events") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackTestApp.Sign(ChangeBotInstances.SigningSecret, timestamp, body));
        if (retryNum is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        using var response = await client.SendAsync(request, ct);
        return response.StatusCode;
    }
}
