namespace ChangeBot.Core.Deliveries;

/// <summary>
/// One message the bot owes a channel about a notice. The ledger record is written (reserved) before
/// the platform call with a unique <see cref="Key"/>, and completed with the platform's message id after,
/// so a retried or resumed job never posts the same message twice.
/// </summary>
public sealed record Delivery
{
    public required string NoticeId { get; init; }
    public required int Revision { get; init; }
    public required string ChannelKey { get; init; }
    public required DeliveryKind Kind { get; init; }

    /// <summary>Distinguishes several deliveries of one kind (a reminder's offset, an update's sequence number).</summary>
    public string Discriminator { get; init; } = "";

    public DeliveryStatus Status { get; init; } = DeliveryStatus.Pending;
    public string? PlatformMessageId { get; init; }
    public string? Error { get; init; }

    /// <summary>Why a failed delivery failed, so support tools can offer a retry only where one can help
    /// (<see cref="DeliveryFailures.IsRetryable"/>); null while not failed, and on records failed before it was kept.</summary>
    public DeliveryFailureKind? FailureKind { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Unique per (notice, revision, channel, kind, discriminator).</summary>
    public string Key => MakeKey(NoticeId, Revision, ChannelKey, Kind, Discriminator);

    public static string MakeKey(string noticeId, int revision, string channelKey, DeliveryKind kind, string discriminator = "") =>
        $"{noticeId}#{revision}#{channelKey}#{kind}#{discriminator}";
}

/// <summary><see cref="WatchAlert"/>: an endpoint watch's alert (docs/checks.md#watching-an-endpoint); its record's
/// notice id is the watch's (<c>watch:&lt;id&gt;</c>), and the watch job, not the notice dispatch, sends it.</summary>
public enum DeliveryKind { Broadcast, Update, Reminder, StateChange, WatchAlert, CutOver }

public enum DeliveryStatus { Pending, Sent, Failed }

/// <summary>
/// <list type="bullet">
/// <item><see cref="GaveUp"/>: the platform kept failing transiently (throttled, unreachable) until the engine gave up.</item>
/// <item><see cref="NoAdapter"/>: the channel's platform was not configured on this server.</item>
/// <item><see cref="NoThreadRoot"/>: a follow-up whose original message never reached the channel.</item>
/// <item><see cref="ChannelGone"/>: the platform says the channel is gone (its subscriptions are broken).</item>
/// <item><see cref="Rejected"/>: the platform refused this message; the same message would be refused again.</item>
/// </list>
/// </summary>
public enum DeliveryFailureKind { GaveUp, NoAdapter, NoThreadRoot, ChannelGone, Rejected }

public static class DeliveryFailures
{
    /// <summary>A failure a manual retry may fix: the outage or throttling may be over, the adapter may be
    /// configured now, the original may have gone out since. A gone channel or a refused message would fail again.</summary>
    public static bool IsRetryable(DeliveryFailureKind? kind) =>
        kind is DeliveryFailureKind.GaveUp or DeliveryFailureKind.NoAdapter or DeliveryFailureKind.NoThreadRoot;
}
