using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.BotFramework;

/// <summary>Proactive sends through the registered Teams <see cref="IChatChannel"/> to the Connector double.</summary>
public sealed class TeamsChatChannelTests : IAsyncLifetime
{
    private static readonly ConversationAddress Channel = new(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.ChannelConversation);
    private TeamsTestHost _host = null!;
    private IChatChannel _teams = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Reply NoticeCard => new()
    {
        Title = "API Sandbox TLS certificate moves to a new CA",
        Severity = Severity.ActionRequired,
        Text = "Trust the new root before the deadline.",
        NoticeId = "api-sandbox-tls-certificate",
        Buttons = [new("We're ready", ButtonAction.Acknowledge("api-sandbox-tls-certificate", "ready"), ButtonStyle.Primary)],
    };

    public async ValueTask InitializeAsync()
    {
        _host = await TeamsTestHost.StartAsync();
        _teams = _host.App.Services.GetServices<IChatChannel>().Single(c => c.Platform == Platforms.Teams);
        using var installed = await _host.PostAsync(TeamsActivities.BotAddedToTeam(_host.ServiceUrl), _host.ValidToken());
        await _host.Connector.NextCallAsync(); // the greeting
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Send_ToInstalledChannel_PostsAdaptiveCardAndReturnsActivityId()
    {
        var result = await _teams.SendAsync(Channel, NoticeCard, null, Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        var call = await _host.Connector.NextCallAsync();
        Assert.Equal("POST", call.Method);
        Assert.Equal($"/v3/conversations/{TeamsActivities.ChannelConversation}/activities", call.Path);
        Assert.Equal("activity-2", result.MessageId);
        var attachment = call.Body!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        Assert.Equal("1.5", (string?)attachment["content"]!["version"]);
        Assert.Null(call.Body["text"]);
    }

    [Fact]
    public async Task Send_UnderThreadInChannel_PostsToTheThreadConversation()
    {
        var result = await _teams.SendAsync(Channel, Reply.Plain("The window moved."), "1699999999999", Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        var call = await _host.Connector.NextCallAsync();
        Assert.Equal($"/v3/conversations/{TeamsActivities.ChannelConversation};messageid=1699999999999/activities", call.Path);
    }

    [Fact]
    public async Task Reminder_InAChannel_IsAReplyInTheNoticesThread()
    {
        var result = await _teams.SendAsync(Channel, Reminder(Channel), "1699999999999", Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        var call = await _host.Connector.NextCallAsync();
        Assert.Equal($"/v3/conversations/{TeamsActivities.ChannelConversation};messageid=1699999999999/activities", call.Path);
    }

    [Fact]
    public async Task Reminder_InAPersonalChat_IsPostedPlainly_WhileAnUpdateStillRepliesToTheNotice()
    {
        var personal = new ConversationAddress(Platforms.Teams, TestBotIssuer.TenantId, TeamsActivities.PersonalConversation);
        using var spoken = await _host.PostAsync(TeamsActivities.PersonalMessage(_host.ServiceUrl, "help"), _host.ValidToken());
        await _host.Connector.NextCallAsync(); // the answer to "help"

        var reminder = await _teams.SendAsync(personal, Reminder(personal), "1700000000009", Ct);
        var reminderCall = await _host.Connector.NextCallAsync();
        var update = await _teams.SendAsync(personal, Reply.Plain("The window moved."), "1700000000009", Ct);
        var updateCall = await _host.Connector.NextCallAsync();

        Assert.Equal(SendStatus.Sent, reminder.Status);
        Assert.Equal($"/v3/conversations/{TeamsActivities.PersonalConversation}/activities", reminderCall.Path);
        Assert.Null(reminderCall.Body!["replyToId"]);
        Assert.Equal(SendStatus.Sent, update.Status);
        Assert.Equal($"/v3/conversations/{TeamsActivities.PersonalConversation}/activities/1700000000009", updateCall.Path);
    }

    /// <summary>A reminder as the delivery engine composes it.</summary>
    private static Reply Reminder(ConversationAddress to)
    {
        var now = DateTimeOffset.UtcNow;
        var notice = new Notice { Id = "api-sandbox-tls-certificate", Title = "API Sandbox TLS certificate", State = NoticeState.Published, ActionDeadline = now.AddDays(2) };
        var delivery = new Delivery { NoticeId = notice.Id, Revision = 1, ChannelKey = to.Key, Kind = DeliveryKind.Reminder, Discriminator = "1440|0" };
        return DeliveryContent.Compose(notice, delivery, now);
    }

    [Fact]
    public async Task Update_PutsTheActivityAndKeepsItsId()
    {
        var result = await _teams.UpdateAsync(Channel, "1699999999999", NoticeCard with { Title = "Cancelled: API Sandbox TLS certificate" }, Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        var call = await _host.Connector.NextCallAsync();
        Assert.Equal("PUT", call.Method);
        Assert.Equal($"/v3/conversations/{TeamsActivities.ChannelConversation}/activities/1699999999999", call.Path);
    }

    [Theory]
    [InlineData(403, "BotNotInConversationRoster")]
    [InlineData(403, "ConversationBlockedByUser")]
    [InlineData(404, "ConversationNotFound")]
    public async Task Send_BotRemovedOrConversationGone_ReturnsGone(int status, string code)
    {
        _host.Connector.Enqueue(status, $$$"""{"error":{"code":"{{{code}}}","message":"no"}}""");

        var result = await _teams.SendAsync(Channel, NoticeCard, null, Ct);

        Assert.Equal(SendStatus.ChannelGone, result.Status);
        Assert.Contains(code, result.Error, StringComparison.Ordinal);
        Assert.Single(_host.Connector.Calls, c => c.Method == "POST" && c.Body?["attachments"] is not null);
    }

    [Fact]
    public async Task Update_MessageDeleted_IsRejectedNotAGoneConversation()
    {
        _host.Connector.Enqueue(404, """{"error":{"code":"ActivityNotFoundInConversation","message":"gone"}}""");

        var result = await _teams.UpdateAsync(Channel, "1699999999999", NoticeCard, Ct);

        Assert.Equal(SendStatus.Rejected, result.Status);
    }

    [Theory]
    [InlineData(400, "BadArgument")]
    [InlineData(413, "MessageSizeTooBig")]
    public async Task Send_TeamsRefusesThePayload_IsRejectedOnceWithTheReason(int status, string code)
    {
        _host.Connector.Enqueue(status, $$$"""{"error":{"code":"{{{code}}}","message":"no"}}""");

        var result = await _teams.SendAsync(Channel, NoticeCard, null, Ct);

        Assert.Equal(SendStatus.Rejected, result.Status);
        Assert.Contains(code, result.Error, StringComparison.Ordinal);
        Assert.Equal(2, _host.Connector.Calls.Count); // greeting, the refused post: not retried in-process
    }

    [Fact]
    public async Task Send_BotNotRegistered_StaysRetryableUntilTheConfigurationIsFixed()
    {
        _host.Connector.Enqueue(401, """{"error":{"code":"BotNotRegistered","message":"no"}}""");

        var result = await _teams.SendAsync(Channel, NoticeCard, null, Ct);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Contains("BotNotRegistered", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_EmptyReply_IsRejectedWithoutACall()
    {
        var result = await _teams.SendAsync(Channel, new Reply(), null, Ct);

        Assert.Equal(SendStatus.Rejected, result.Status);
        Assert.Single(_host.Connector.Calls); // the greeting only
    }

    [Fact]
    public async Task Send_ThrottledWithShortRetryAfter_RetriesAndSucceeds()
    {
        _host.Connector.Enqueue(429, """{"error":{"code":"Throttled"}}""", TimeSpan.Zero);
        _host.Connector.Enqueue(503, "", TimeSpan.Zero);

        var result = await _teams.SendAsync(Channel, NoticeCard, null, Ct);

        Assert.Equal(SendStatus.Sent, result.Status);
        Assert.Equal(4, _host.Connector.Calls.Count); // greeting, 429, 503, success
    }

    [Fact]
    public async Task Send_ThrottledWithLongRetryAfter_ReturnsTransientWithTheDelay()
    {
        _host.Connector.Enqueue(429, """{"error":{"code":"Throttled"}}""", TimeSpan.FromMinutes(2));

        var result = await _teams.SendAsync(Channel, NoticeCard, null, Ct);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal(TimeSpan.FromMinutes(2), result.RetryAfter);
        Assert.Equal(2, _host.Connector.Calls.Count);
    }

    [Fact]
    public async Task Send_ServerError500_IsNotRetried()
    {
        _host.Connector.Enqueue(500, """{"error":{"code":"ServiceError"}}""");

        var result = await _teams.SendAsync(Channel, NoticeCard, null, Ct);

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Equal(2, _host.Connector.Calls.Count);
    }

    [Fact]
    public async Task Send_Repeatedly_ReusesTheCachedOutboundToken()
    {
        await _teams.SendAsync(Channel, NoticeCard, null, Ct);
        await _teams.SendAsync(Channel, NoticeCard, null, Ct);

        Assert.Equal(1, _host.Issuer.TokenRequests);
        Assert.Single(_host.Connector.Calls.Select(c => c.Authorization).Distinct());
    }

    [Fact]
    public async Task Send_ToConversationNeverSeen_ReturnsGoneWithoutCallingTeams()
    {
        var unknown = new ConversationAddress(Platforms.Teams, TestBotIssuer.TenantId, "19:never@thread.tacv2");

        var result = await _teams.SendAsync(unknown, NoticeCard, null, Ct);

        Assert.Equal(SendStatus.ChannelGone, result.Status);
        Assert.Single(_host.Connector.Calls); // only the greeting
    }
}
