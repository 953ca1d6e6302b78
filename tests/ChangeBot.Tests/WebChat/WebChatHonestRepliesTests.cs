using System.Text.Json.Nodes;
using ChangeBot.Tests.Authorization;
using ChangeBot.Tests.DirectLine;
using ChangeBot.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.WebChat;

/// <summary>
/// Replies say what actually happened: a web chat ends with its tab, and without a support channel an
/// alert reaches only the server's log. Through the web chat's Direct Line endpoints with the real core.
/// </summary>
public sealed class WebChatHonestRepliesTests
{
    [Fact]
    public async Task Subscribe_InWebChat_SaysItLastsOnlyWhileThePageIsOpen()
    {
        var reply = await SayAsync("subscribe");

        Assert.Contains("while this page stays open", reply, StringComparison.Ordinal);
        Assert.Contains("Slack or Teams", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnansweredQuestion_SaysItIsListedForSupport_NotThatSupportWasTold()
    {
        var reply = await SayAsync("what colour is the office cat?");

        Assert.DoesNotContain("passed your question on", reply, StringComparison.Ordinal);
        Assert.Contains("list of unanswered questions", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NeedHelp_WithNoSupportChannel_DoesNotClaimSupportWasTold()
    {
        var reply = await SayAsync("ack api-sandbox-tls-certificate need-help");

        Assert.DoesNotContain("Support has been told", reply, StringComparison.Ordinal);
        Assert.Contains("no one was alerted", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OfALoopbackTarget_GivesTheCustomerPlainWords_AndTheOperatorTheSettingInTheLog()
    {
        var logs = new CapturingLoggerProvider();

        var reply = await SayAsync("check 127.0.0.1", s => s.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains("public internet", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Checks:", reply, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.Contains("127.0.0.1", StringComparison.Ordinal) && l.Contains("Checks:AllowedNetworks", StringComparison.Ordinal));
    }

    private static async Task<string> SayAsync(string text, Action<IServiceCollection>? services = null)
    {
        await using var host = new DirectLineHarness(realCore: true, services: services);
        var (id, token) = await host.StartAsync();
        await host.PostMessageAsync(id, token, text);
        var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));
        return ReplyText.Of(new JsonArray([.. activities.Where(a => (string?)a!["from"]!["role"] == "bot").Select(a => a!.DeepClone())]));
    }
}
