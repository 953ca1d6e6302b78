using System.Text.Json.Nodes;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.Cli;
using ChangeBot.Tests.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.WebChat;

/// <summary>A notice longer than web chat shows in one bubble is shown in pages through the whole pipeline:
/// each page within the limit, a Next page button to the next, and nothing of the notice lost.</summary>
public sealed class WebChatLongNoticeTests
{
    private const string SampleId = "api-sandbox-tls-certificate";

    [Fact]
    public async Task NoticeCommand_ForALongNotice_ShowsPagesWithinTheLimit_ThatTogetherHoldEverySection()
    {
        var words = Enumerable.Range(0, 900).Select(i => $"word{i}").ToList();
        var paragraphs = words.Chunk(60).Select(c => string.Join(' ', c));
        var notice = Sample() with
        {
            Sections = [.. Sample().Sections, new NoticeSection("Long details", string.Join("\n\n", paragraphs))],
        };
        await using var host = new DirectLineHarness(realCore: true, settings: new() { ["ChangeBot:SampleNotices"] = "false" });
        await host.App.Services.GetRequiredService<INoticeStore>().ImportNoticesAsync([notice], DirectLineHarness.Ct);
        await host.App.Services.GetRequiredService<AnswerIndexSync>().CatchUpAsync(DirectLineHarness.Ct);
        var (id, token) = await host.StartAsync();

        var pages = new List<JsonNode>();
        var command = $"notice {SampleId}";
        while (command is not null && pages.Count < 20)
        {
            await host.PostMessageAsync(id, token, command, clientActivityId: "c" + pages.Count);
            var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(pages.Count + 1));
            var page = activities.Last(a => (string?)a!["from"]!["role"] == "bot")!["channelData"]!["changebot"]!;
            pages.Add(page);
            command = page["buttons"]!.AsArray().Select(b => (string?)b!["command"]).FirstOrDefault(c => c!.StartsWith($"notice {SampleId} ", StringComparison.Ordinal));
        }

        Assert.True(pages.Count > 1, "a notice this long has pages");
        Assert.Equal($"{notice.Title} (page 1 of {pages.Count})", (string?)pages[0]["title"]);
        Assert.All(pages, p => Assert.True(
            ((string)p["text"]!).Length + p["sections"]!.AsArray().Sum(s => ((string)s!["text"]!).Length) <= ReplyLimits.WebChat,
            $"page text over {ReplyLimits.WebChat} characters"));
        var shown = " " + System.Text.RegularExpressions.Regex.Replace(
            string.Join(' ', pages.SelectMany(p => p["sections"]!.AsArray().Select(s => (string)s!["text"]!))), @"\s+", " ") + " ";
        Assert.All(words, w => Assert.Contains($" {w} ", shown, StringComparison.Ordinal));
        Assert.All(notice.Sections, s => Assert.Contains(pages, p => p["sections"]!.AsArray().Any(x => ((string)x!["heading"]!).StartsWith(s.Heading, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task NoticeCommand_ForAPageBeyondTheLast_SaysSo()
    {
        await using var host = new DirectLineHarness(realCore: true);
        var (id, token) = await host.StartAsync();

        await host.PostMessageAsync(id, token, $"notice {SampleId} 9");
        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));

        Assert.Contains("fewer than 9 pages", (string?)activities.Last()!["text"], StringComparison.Ordinal);
    }

    private static Notice Sample()
    {
        var folder = RepositoryRoot.SampleNotices;
        return new NoticeImporter().Parse(File.ReadAllText(Path.Combine(folder, SampleId + ".md")), SampleId + ".md", folder).Notice! with { State = NoticeState.Published };
    }
}
