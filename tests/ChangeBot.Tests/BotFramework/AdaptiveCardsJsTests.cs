using ChangeBot.BotFramework.Cards;

namespace ChangeBot.Tests.BotFramework;

/// <summary>
/// Renders every kind of card the Teams adapter sends and has Microsoft's <c>adaptivecards</c> npm package
/// parse them (tests/e2e/adaptive-cards.test.mjs under node:test).
/// </summary>
public sealed class AdaptiveCardsJsTests
{
    [Fact]
    public async Task EveryTeamsCard_ParsesInAdaptiveCardsJs_WithoutErrors()
    {
        AdaptiveCardsJs.RequireInstalled();

        using var cards = new TempDirectory();
        var written = 0;
        foreach (var (name, reply) in SampleReplies.All())
        {
            var activity = ReplyActivityBuilder.Build(reply)!;
            foreach (var attachment in activity.Attachments ?? [])
            {
                await File.WriteAllTextAsync(cards.File($"{name}.json"), attachment.Content.ToJsonString(), TestContext.Current.CancellationToken);
                written++;
            }
        }

        Assert.Equal(SampleReplies.All().Count(), written);
        await AdaptiveCardsJs.AssertAllParseAsync(cards.Path, written);
    }
}
