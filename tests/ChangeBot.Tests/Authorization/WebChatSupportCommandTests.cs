using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Tests.DirectLine;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Authorization;

/// <summary>One web chat server for the class, with a Direct Line secret: users are the <c>dl_…</c> ids
/// bound in tokens from /tokens/generate, the only web chat ids safe to list as support users.</summary>
public sealed class WebChatSupportFixture : IAsyncLifetime
{
    public const string Customer = "dl_customer";
    public const string SupportUser = "dl_support";

    internal DirectLineHarness Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = new DirectLineHarness(
            secret: DirectLineHarness.Secret,
            realCore: true,
            settings: new() { ["ChangeBot:SupportUsers"] = $"directline:{SupportUser},slack:{Customer},msteams:{Customer}" });
        // A live conversation: one that does not exist is "gone" to the adapter, and the first broadcast
        // the workers send there would mark it broken and leave later publishes with no channel to reserve.
        using var started = await Host.SendAsync(HttpMethod.Post, "/conversations", DirectLineHarness.Secret);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var conversation = (await DirectLineHarness.ReadJsonAsync(started))["conversationId"]!.GetValue<string>();
        await SupportCommandScenario.SeedAsync(Host.App.Services, new ConversationAddress(Platforms.DirectLine, "local", conversation), "refused", "allowed");
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Support commands typed into the web chat (Direct Line 3.0), each in a conversation of its own.</summary>
public sealed class WebChatSupportCommandTests(WebChatSupportFixture fixture) : IClassFixture<WebChatSupportFixture>
{
    private DirectLineHarness Host => fixture.Host;

    private IChangeBotStore Store => Host.App.Services.GetRequiredService<IChangeBotStore>();

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task Message_FromACustomer_IsRefusedAndChangesNothing(string command)
    {
        var before = await SupportCommandScenario.SnapshotAsync(Store);

        var reply = await SayAsync(SupportCommandScenario.Text("refused", command), WebChatSupportFixture.Customer);

        SupportCommandScenario.AssertRefused(command, reply);
        Assert.Equal(before, await SupportCommandScenario.SnapshotAsync(Store));
    }

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task Message_FromSupport_IsCarriedOut(string command)
    {
        var sentAt = DateTimeOffset.UtcNow;

        var reply = await SayAsync(SupportCommandScenario.Text("allowed", command), WebChatSupportFixture.SupportUser);

        await SupportCommandScenario.AssertCarriedOutAsync(Store, "allowed", command, reply, "directline:" + WebChatSupportFixture.SupportUser, Platforms.DirectLine, sentAt);
    }

    /// <summary>What the page does for a signed-in user: a token bound to <paramref name="user"/> (generated
    /// with the secret by the site's back end), a new conversation, one message; returns the bot's answer.</summary>
    private async Task<string> SayAsync(string text, string user)
    {
        using var generated = await Host.SendAsync(HttpMethod.Post, "/tokens/generate", DirectLineHarness.Secret, new { user = new { id = user } });
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var json = await DirectLineHarness.ReadJsonAsync(generated);
        var (id, token) = (json["conversationId"]!.GetValue<string>(), json["token"]!.GetValue<string>());
        using var started = await Host.SendAsync(HttpMethod.Post, "/conversations", token);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);

        await Host.PostMessageAsync(id, token, text, from: user);

        var activities = await Host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));
        return ReplyText.Of(new JsonArray([.. activities.Where(a => (string?)a!["from"]!["role"] == "bot").Select(a => a!.DeepClone())]));
    }
}
