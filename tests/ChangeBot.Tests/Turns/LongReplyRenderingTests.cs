using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.BotFramework.Cards;
using ChangeBot.Core.Conversations;
using ChangeBot.DirectLine;
using ChangeBot.Slack.Rendering;
using ChangeBot.Tests.Authorization;

namespace ChangeBot.Tests.Turns;

/// <summary>Each platform cuts a long part of a reply at its own limit (web chat 2,000, Slack 3,000, Teams 4,000
/// characters) and offers the whole notice with a button; a short reply is left alone.</summary>
public sealed class LongReplyRenderingTests
{
    private const string NoticeId = "long-notice";

    private static Reply LongNotice(int sectionChars) => new()
    {
        Title = "A long notice",
        Text = "What changes.",
        NoticeId = NoticeId,
        Sections = [new ReplySection("Details", string.Join("\n\n", Enumerable.Repeat(new string('x', 70) + " tail", (sectionChars - 20) / 77)) + "\n\nTHE-END")],
    };

    public static TheoryData<string, int> Platforms => new() { { "web chat", ReplyLimits.WebChat }, { "slack", ReplyLimits.Slack }, { "teams", ReplyLimits.Teams } };

    [Theory]
    [MemberData(nameof(Platforms))]
    public void SectionLongerThanThePlatformShows_IsCut_WithAShowTheWholeNoticeButton(string platform, int limit)
    {
        var rendered = Render(platform, LongNotice(limit + 500));

        Assert.Contains(ReplyLimits.ShowWholeNoticeLabel, rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("THE-END", rendered, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Platforms))]
    public void SectionWithinThePlatformsLimit_IsWhole_WithoutTheButton(string platform, int limit)
    {
        var rendered = Render(platform, LongNotice(limit - 200));

        Assert.DoesNotContain(ReplyLimits.ShowWholeNoticeLabel, rendered, StringComparison.Ordinal);
        Assert.Contains("THE-END", rendered, StringComparison.Ordinal);
    }

    private static string Render(string platform, Reply reply) => platform switch
    {
        "web chat" => ReplyText.Of(ReplyActivity.Create(reply, "u1", null, null)),
        "slack" => ReplyText.Of(BlockKitRenderer.Render(reply).Blocks),
        _ => ReplyText.Of(JsonSerializer.SerializeToNode(ReplyActivityBuilder.Build(reply))),
    };
}
