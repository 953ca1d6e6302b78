using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core.Watches;
using ChangeBot.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Core.Tests.Watches;

/// <summary>The ledger side of watch alerts: once per key, top-level, and never worded from a state the run did not store.</summary>
public sealed class WatchAlertsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AlertReservedByARunThatDiedBeforeStoringItsState_WaitsForTheNextRunsState_ThenGoesOutOnce()
    {
        var store = new InMemoryChangeBotStore();
        var clock = new FakeTimeProvider(T0);
        var channel = new RecordingChannel();
        var alerts = new WatchAlerts(store, [channel], clock, NullLogger<WatchAlerts>.Instance);
        var watch = new Watch
        {
            Id = "w1", ChannelKey = "slack:T1:C1", Endpoint = "api.example.com:443", CreatedBy = "slack:U1", CreatedAt = T0,
            State = new WatchState { CheckedAt = T0, Issuer = "CN=Old CA", IssuerFingerprint = "old" },
        };
        await store.AddWatchAsync(watch, 50, Ct);
        clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(1, await alerts.ReserveAsync(watch, ["issuer:old>new"], Ct));
        Assert.Equal(0, await alerts.ResumeAsync(Ct));
        Assert.Empty(channel.Sent);

        var judged = watch with { State = new WatchState { CheckedAt = clock.GetUtcNow(), Issuer = "CN=New CA", IssuerFingerprint = "new", PreviousIssuer = "CN=Old CA" } };
        Assert.Equal(0, await alerts.ReserveAsync(judged, ["issuer:old>new"], Ct));
        Assert.True(await store.UpdateWatchStateAsync(judged, Ct));
        Assert.Equal(1, await alerts.SendPendingAsync("w1", Ct));
        Assert.Equal(0, await alerts.ResumeAsync(Ct));

        var (thread, reply) = Assert.Single(channel.Sent);
        Assert.Null(thread);
        Assert.True(reply.NotifyConversation);
        Assert.Contains("now issued by 'CN=New CA' (was 'CN=Old CA')", reply.Text, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await store.ListDeliveriesAsync(WatchAlerts.LedgerId("w1"), Ct)).Status);
    }

    private sealed class RecordingChannel : IChatChannel
    {
        public List<(string? Thread, Reply Reply)> Sent { get; } = [];

        public string Platform => Platforms.Slack;

        public Task<SendResult> SendAsync(ConversationAddress to, Reply reply, string? threadMessageId, CancellationToken ct = default)
        {
            Sent.Add((threadMessageId, reply));
            return Task.FromResult(SendResult.Sent("ts-" + Sent.Count));
        }

        public Task<SendResult> UpdateAsync(ConversationAddress to, string messageId, Reply reply, CancellationToken ct = default) =>
            Task.FromResult(SendResult.Sent(messageId));
    }
}
