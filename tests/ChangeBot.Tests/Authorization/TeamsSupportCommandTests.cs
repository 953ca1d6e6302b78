using System.Net;
using System.Text.Json.Nodes;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Tests.BotFramework;

namespace ChangeBot.Tests.Authorization;

/// <summary>One Teams server for the class. Support users are listed by AAD object id
/// (<c>msteams:&lt;aad-object-id&gt;</c>); the customer's Teams id is listed under Slack too, and must not count.</summary>
public sealed class TeamsSupportFixture : IAsyncLifetime
{
    public const string SupportAadId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    public static readonly ConversationAddress Channel = new(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.ChannelConversation);

    internal TeamsTestHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await TeamsTestHost.StartAsync(
            _ => new Dictionary<string, string?>
            {
                ["ChangeBot:SupportUsers"] = $"msteams:{SupportAadId},slack:{TeamsActivities.UserAadId},directline:{TeamsActivities.UserAadId}",
            },
            realHandler: true);
        await SupportCommandScenario.SeedAsync(Host.App.Services, Channel, "refused", "allowed", "submit-refused", "submit-allowed");
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Support commands on POST /api/messages with a valid Bot Framework token: typed as channel mentions,
/// and sent as an Adaptive Card button's data (anyone in the channel can press a card's button).</summary>
public sealed class TeamsSupportCommandTests(TeamsSupportFixture fixture) : IClassFixture<TeamsSupportFixture>
{
    private TeamsTestHost Host => fixture.Host;

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task ChannelMention_FromACustomer_IsRefusedAndChangesNothing(string command)
    {
        var before = await SupportCommandScenario.SnapshotAsync(Host.Store);

        var reply = await MentionAsync(SupportCommandScenario.Text("refused", command), TeamsActivities.UserAadId);

        SupportCommandScenario.AssertRefused(command, reply);
        Assert.Equal(before, await SupportCommandScenario.SnapshotAsync(Host.Store));
    }

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task ChannelMention_FromSupport_IsCarriedOut(string command)
    {
        var sentAt = DateTimeOffset.UtcNow;

        var reply = await MentionAsync(SupportCommandScenario.Text("allowed", command), TeamsSupportFixture.SupportAadId);

        await SupportCommandScenario.AssertCarriedOutAsync(Host.Store, "allowed", command, reply, "msteams:" + TeamsSupportFixture.SupportAadId, Platforms.Teams, sentAt);
    }

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task CardButton_FromACustomer_IsRefusedAndChangesNothing(string command)
    {
        var before = await SupportCommandScenario.SnapshotAsync(Host.Store);

        var reply = await SubmitAsync(SupportCommandScenario.Text("submit-refused", command), TeamsActivities.UserAadId);

        SupportCommandScenario.AssertRefused(command, reply);
        Assert.Equal(before, await SupportCommandScenario.SnapshotAsync(Host.Store));
    }

    [Theory]
    [MemberData(nameof(SupportCommandScenario.Commands), MemberType = typeof(SupportCommandScenario))]
    public async Task CardButton_FromSupport_IsCarriedOut(string command)
    {
        var sentAt = DateTimeOffset.UtcNow;

        var reply = await SubmitAsync(SupportCommandScenario.Text("submit-allowed", command), TeamsSupportFixture.SupportAadId);

        await SupportCommandScenario.AssertCarriedOutAsync(Host.Store, "submit-allowed", command, reply, "msteams:" + TeamsSupportFixture.SupportAadId, Platforms.Teams, sentAt);
    }

    private Task<string> SubmitAsync(string text, string aadObjectId) =>
        SendAsync(id => TeamsActivities.CardSubmit(Host.ServiceUrl, new JsonObject { ["changebot"] = text }, id), aadObjectId);

    private Task<string> MentionAsync(string text, string aadObjectId) =>
        SendAsync(id => TeamsActivities.ChannelMention(Host.ServiceUrl, text, id), aadObjectId);

    /// <summary>Posts the activity <paramref name="build"/> makes (given its id) from the user with
    /// <paramref name="aadObjectId"/>; returns the bot's reply to that activity (other Connector calls, such as broadcasts, are skipped).</summary>
    private async Task<string> SendAsync(Func<string, JsonObject> build, string aadObjectId)
    {
        var id = Random.Shared.NextInt64(1_700_000_000_000, 1_799_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var activity = build(id);
        activity["from"]!["aadObjectId"] = aadObjectId;

        using var response = await Host.PostAsync(activity, Host.ValidToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        while (true)
        {
            var call = await Host.Connector.NextCallAsync();
            if (call.Path.EndsWith("/activities/" + id, StringComparison.Ordinal))
            {
                return ReplyText.Of(call.Body);
            }
        }
    }
}
