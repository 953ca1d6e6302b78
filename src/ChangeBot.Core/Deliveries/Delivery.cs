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
    public int Attempts { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Unique per (notice, revision, channel, kind, discriminator).</summary>
    public string Key => MakeKey(NoticeId, Revision, ChannelKey, Kind, Discriminator);

    public static string MakeKey(string noticeId, int revision, string channelKey, DeliveryKind kind, string discriminator = "") =>
        $"{noticeId}#{revision}#{channelKey}#{kind}#{discriminator}";
}

public enum DeliveryKind { Broadcast, Update, Reminder, StateChange, CutOver }

public enum DeliveryStatus { Pending, Sent, Failed }
