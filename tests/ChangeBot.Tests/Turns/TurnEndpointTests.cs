using System.Net;
using ChangeBot.Core.Conversations;
using ChangeBot.Tests.BotFramework;
using ChangeBot.Tests.DirectLine;
using ChangeBot.Tests.Hosting;
using ChangeBot.Tests.Slack;
using ChangeBot.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Turns;

/// <summary>
/// The turn pipeline behind each platform's real endpoint: a full queue is refused in the platform's way and
/// nothing reaches the core; a failing handler is logged once, the person gets the apology, and the next
/// message is answered as usual.
/// </summary>
public sealed class TurnEndpointTests
{
    private const string HandlerFailedLine = "The conversation handler failed on a message in";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Slack_QueueFull_Answers503AndHandsNothingOver_ThenAcceptsAgain()
    {
        await using var t = await SlackTestApp.StartAsync();
        var release = Fill(t.App.Services);

        var refused = await t.PostEventAsync(SlackTestApp.Payload("app_mention.json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await DrainAsync(t.App.Services, release);
        Assert.Equal(0, t.Handler.Count);
        var accepted = await t.PostEventAsync(SlackTestApp.Payload("app_mention.json"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await t.Handler.NextAsync();
    }

    [Fact]
    public async Task Teams_QueueFull_Answers503AndHandsNothingOver_ThenAcceptsAgain()
    {
        await using var host = await TeamsTestHost.StartAsync();
        var release = Fill(host.App.Services);

        using var refused = await host.PostAsync(TeamsActivities.PersonalMessage(host.ServiceUrl, "help"), host.ValidToken());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await DrainAsync(host.App.Services, release);
        Assert.Empty(host.Handler.Received);
        using var accepted = await host.PostAsync(TeamsActivities.PersonalMessage(host.ServiceUrl, "help"), host.ValidToken());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("You said: help", (string?)(await host.Connector.NextCallAsync()).Body!["text"]);
    }

    [Fact]
    public async Task WebChat_QueueFull_Answers429WithoutEchoingTheMessage_ThenAcceptsAgain()
    {
        await using var host = new DirectLineHarness();
        var (id, token) = await host.StartAsync();
        var release = Fill(host.App.Services);

        using var refused = await host.SendAsync(HttpMethod.Post, $"/conversations/{id}/activities", token,
            new { type = "message", from = new { id = "u1" }, text = "refused" });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("TooManyRequests", (await DirectLineHarness.ReadJsonAsync(refused))["error"]!["code"]!.GetValue<string>());
        await DrainAsync(host.App.Services, release);
        Assert.Empty((await host.GetActivitiesAsync(id, token))["activities"]!.AsArray());
        await host.PostMessageAsync(id, token, "accepted");
        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));
        Assert.Equal("accepted", activities[0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Slack_HandlerThrows_LoggedOnceApologisesAndTheNextMessageIsAnswered()
    {
        var logs = new CapturingLoggerProvider();
        await using var t = await SlackTestApp.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var calls = 0;
        t.Handler.AnswerWith(m => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : (IReadOnlyList<Reply>)[Reply.Plain("You said: " + m.Text)]);

        await t.PostEventAsync(SlackTestApp.Payload("app_mention.json"));
        var apology = await t.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        await t.PostEventAsync(SlackTestApp.Payload("message_im.json"));
        var answer = await t.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Json!["text"]!.GetValue<string>().StartsWith("You said", StringComparison.Ordinal));

        Assert.Contains(TurnPipeline.FailureText, apology.Single().Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(answer);
        await t.App.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);
        Assert.Single(logs.Lines, l => l.Contains(HandlerFailedLine, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Background work", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Teams_HandlerThrows_LoggedOnceApologisesAndTheNextMessageIsAnswered()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await TeamsTestHost.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var calls = 0;
        host.Handler.AnswerWith(m => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("boom") : (IReadOnlyList<Reply>)[Reply.Plain("You said: " + m.Text)]);

        using var first = await host.PostAsync(TeamsActivities.PersonalMessage(host.ServiceUrl, "first"), host.ValidToken());
        var apology = await host.Connector.NextCallAsync();
        using var second = await host.PostAsync(TeamsActivities.PersonalMessage(host.ServiceUrl, "second"), host.ValidToken());
        var answer = await host.Connector.NextCallAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(TurnPipeline.FailureText, (string?)apology.Body!["text"]);
        Assert.Equal("You said: second", (string?)answer.Body!["text"]);
        Assert.Single(logs.Lines, l => l.Contains(HandlerFailedLine, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Background work", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WebChat_HandlerThrows_LoggedOnceApologisesAndTheNextMessageIsAnswered()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = new DirectLineHarness(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var calls = 0;
        host.Handler.Respond = (m, _) => Interlocked.Increment(ref calls) == 1
            ? throw new InvalidOperationException("boom")
            : Task.FromResult<IReadOnlyList<Reply>>([Reply.Plain("You said: " + m.Text)]);
        var (id, token) = await host.StartAsync();

        await host.PostMessageAsync(id, token, "first");
        await host.PostMessageAsync(id, token, "second", clientActivityId: "client-2");
        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(2));

        var bot = activities.Where(a => a!["from"]!["role"]!.GetValue<string>() == "bot").Select(a => a!["text"]!.GetValue<string>());
        Assert.Equal([TurnPipeline.FailureText, "You said: second"], bot);
        Assert.Single(logs.Lines, l => l.Contains(HandlerFailedLine, StringComparison.Ordinal));
    }

    /// <summary>Fills the app's queue with work that waits for the returned signal.</summary>
    private static TaskCompletionSource Fill(IServiceProvider services)
    {
        var queue = services.GetRequiredService<TurnQueue>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        while (queue.TryEnqueue(new TurnWork("filler", (_, _) => release.Task)) is not null)
        {
        }

        Assert.Equal(queue.Limit, queue.Outstanding);
        return release;
    }

    private static async Task DrainAsync(IServiceProvider services, TaskCompletionSource release)
    {
        release.SetResult();
        await services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);
    }
}
