using System.Text.Json.Nodes;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.Authorization;
using ChangeBot.Tests.Cli;
using ChangeBot.Tests.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.WebChat;

/// <summary>
/// Answers from a completed or cancelled notice are not given as current advice: a current notice that
/// answers is preferred, and an answer only a past notice gives says the notice is over. Through the web chat.
/// </summary>
public sealed class WebChatPastNoticeAnswerTests
{
    private const string SampleId = "api-sandbox-tls-certificate";

    [Fact]
    public async Task Question_OnlyACompletedNoticeAnswers_SaysItIsCompleted()
    {
        var reply = await AskAsync("how can I test my API Sandbox connection with the new CA?", Sample(NoticeState.Completed));

        Assert.Contains("this notice is completed", reply, StringComparison.Ordinal);
        Assert.Contains("2016", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Question_OnlyACancelledNoticeAnswers_IsNotAnsweredAsCurrent()
    {
        var reply = await AskAsync("how can I test my API Sandbox connection with the new CA?", Sample(NoticeState.Cancelled));

        // The index may leave cancelled notices out altogether; if one answers, it says it is cancelled.
        Assert.True(reply.Contains("this notice was cancelled", StringComparison.Ordinal) || !reply.Contains("From the notice", StringComparison.Ordinal), reply);
    }

    [Fact]
    public async Task Question_ACurrentNoticeAnswersToo_IsAnsweredFromTheCurrentOne()
    {
        var sample = Sample(NoticeState.Completed);
        var current = sample with
        {
            Id = "api-sandbox-tls-certificate-2027",
            Title = "API Sandbox TLS certificate renewal 2027",
            State = NoticeState.Published,
            WindowStart = sample.WindowStart!.Value.AddYears(11),
            WindowEnd = sample.WindowEnd!.Value.AddYears(11),
            ActionDeadline = sample.ActionDeadline!.Value.AddYears(11),
        };

        var reply = await AskAsync("how can I test my API Sandbox connection with the new CA?", sample, current);

        Assert.Contains("API Sandbox TLS certificate renewal 2027", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("completed", reply, StringComparison.Ordinal);
    }

    private static Notice Sample(NoticeState state)
    {
        var folder = RepositoryRoot.SampleNotices;
        var parsed = new NoticeImporter().Parse(File.ReadAllText(Path.Combine(folder, SampleId + ".md")), SampleId + ".md", folder);
        return parsed.Notice! with { State = state };
    }

    private static async Task<string> AskAsync(string question, params Notice[] notices)
    {
        await using var host = new DirectLineHarness(realCore: true, settings: new() { ["ChangeBot:SampleNotices"] = "false" });
        await host.App.Services.GetRequiredService<INoticeStore>().ImportNoticesAsync(notices, DirectLineHarness.Ct);
        // Written straight to the store, as another instance would: the answer index catches up.
        await host.App.Services.GetRequiredService<AnswerIndexSync>().CatchUpAsync(DirectLineHarness.Ct);
        var (id, token) = await host.StartAsync();
        await host.PostMessageAsync(id, token, question);
        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));
        return ReplyText.Of(new JsonArray([.. activities.Where(a => (string?)a!["from"]!["role"] == "bot").Select(a => a!.DeepClone())]));
    }
}
