using System.Net;
using System.Net.Http.Json;
using ChangeBot.Core.Unanswered;
using ChangeBot.Tests.DirectLine;

namespace ChangeBot.Tests.Security;

/// <summary>Unanswered questions are kept for support, but bounded: each cut to a readable length, only the
/// newest kept (store contract: <c>AddUnanswered_BeyondWhatIsKept_KeepsOnlyTheNewest</c>), and the
/// <c>unanswered</c> reply says so.</summary>
public sealed class UnansweredBoundsTests
{
    [Fact]
    public async Task LongUnansweredQuestion_IsKeptCut_AndTheListSaysWhatIsKept()
    {
        await using var host = new DirectLineHarness(secret: DirectLineHarness.Secret, realCore: true,
            settings: new() { ["ChangeBot:SupportUsers"] = "directline:dl_sam" });
        var (visitor, visitorToken) = await host.StartAsync();
        var question = "zebra quokka " + new string('q', 3000) + "?";
        await host.PostMessageAsync(visitor, visitorToken, question);
        await host.WaitForActivitiesAsync(visitor, visitorToken, DirectLineHarness.BotActivities(1));

        using var generated = await host.SendAsync(HttpMethod.Post, "/tokens/generate", DirectLineHarness.Secret, new { user = new { id = "dl_sam" } });
        var json = await DirectLineHarness.ReadJsonAsync(generated);
        var (support, supportToken) = (json["conversationId"]!.GetValue<string>(), json["token"]!.GetValue<string>());
        await host.PostMessageAsync(support, supportToken, "unanswered");
        var activities = await host.WaitForActivitiesAsync(support, supportToken, DirectLineHarness.BotActivities(1));

        var list = activities.Last(a => a!["from"]!["role"]!.GetValue<string>() == "bot")!["text"]!.GetValue<string>();
        Assert.Contains($"only the newest {UnansweredQuestion.MaxKept:N0} are kept", list, StringComparison.Ordinal);
        Assert.Contains("zebra quokka", list, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('q', UnansweredQuestion.MaxQuestionLength), list, StringComparison.Ordinal);
    }
}
