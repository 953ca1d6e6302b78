using System.Net;
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
        await SupportCommandScenario.SeedAsync(Host.App.Services, Channel, "refused", "allowed");
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Support commands as channel mentions on POST /api/messages, with a valid Bot Framework token.</summary>
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

    /// <summary>"@ChangeBot &lt;text&gt;" in a channel from the user with <paramref name="aadObjectId"/>;
    /// returns the bot's reply to that activity (other Connector calls, such as broadcasts, are skipped).</summary>
    private async Task<string> MentionAsync(string text, string aadObjectId)
    {
        var id = Random.Shared.NextInt64(1_700_000_000_000, 1_799_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var activity = TeamsActivities.ChannelMention(Host.ServiceUrl, text, id);
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
