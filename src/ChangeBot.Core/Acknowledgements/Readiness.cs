using System.Globalization;
using System.Runtime.InteropServices;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Acknowledgements;

/// <summary>Who is ready: per channel, the delivery, the latest answer, the last chain check, failed
/// deliveries, and whether the channel is broken.</summary>
public static class Readiness
{
    /// <summary>The latest answer per channel; every answer is kept, the latest counts.</summary>
    /// <remarks>Of answers at the same instant, the one listed last (the stores list those in the order stored).</remarks>
    public static IReadOnlyDictionary<string, Acknowledgement> LatestAnswers(IEnumerable<Acknowledgement> acks)
    {
        ArgumentNullException.ThrowIfNull(acks);
        var latest = new Dictionary<string, Acknowledgement>(StringComparer.Ordinal);
        foreach (var ack in acks)
        {
            ref var kept = ref CollectionsMarshal.GetValueRefOrAddDefault(latest, ack.ChannelKey, out _);
            if (kept is null || ack.At >= kept.At)
            {
                kept = ack;
            }
        }

        return latest;
    }

    /// <summary>Channels whose latest answer ends reminders (ready or not affected; need-help keeps them coming).</summary>
    public static async Task<HashSet<string>> SettledChannelsAsync(IAcknowledgementStore store, string noticeId, CancellationToken ct)
    {
        var latest = LatestAnswers(await store.ListAcknowledgementsAsync(noticeId, ct));
        return latest.Values.Where(a => a.Answer != AckAnswer.NeedHelp).Select(a => a.ChannelKey).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// One row per channel the notice was broadcast to, plus channels that answered or ran a check for it
    /// without being subscribed (someone read it elsewhere and acted): support wants to see those too.
    /// </summary>
    public static async Task<IReadOnlyList<ChannelReadiness>> ReportAsync(IChangeBotStore store, string noticeId, CancellationToken ct)
    {
        var deliveries = await store.ListDeliveriesAsync(noticeId, ct);
        var latest = LatestAnswers(await store.ListAcknowledgementsAsync(noticeId, ct));
        var checks = (await store.ListLatestChannelChecksAsync(noticeId, ct)).ToDictionary(c => c.ChannelKey, StringComparer.Ordinal);
        var broken = (await store.ListBrokenSubscriptionsAsync(ct))
            .GroupBy(s => s.Address.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().BrokenReason, StringComparer.Ordinal);
        // One pass over the ledger (10,000 channels are read on every readiness page): per channel, the broadcast of
        // the lowest revision (the first listed among equals) and the failure created last (the last listed among equals).
        var own = new Dictionary<string, (Delivery? Broadcast, Delivery? Failure)>(StringComparer.Ordinal);
        foreach (var delivery in deliveries)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(own, delivery.ChannelKey, out _);
            if (delivery.Kind == DeliveryKind.Broadcast && (entry.Broadcast is null || delivery.Revision < entry.Broadcast.Revision))
            {
                entry.Broadcast = delivery;
            }

            if (delivery.Status == DeliveryStatus.Failed && (entry.Failure is null || delivery.CreatedAt >= entry.Failure.CreatedAt))
            {
                entry.Failure = delivery;
            }
        }

        var channels = new HashSet<string>(own.Where(c => c.Value.Broadcast is not null).Select(c => c.Key), StringComparer.Ordinal);
        channels.UnionWith(latest.Keys);
        channels.UnionWith(checks.Keys);
        var ordered = channels.ToArray();
        Array.Sort(ordered, StringComparer.Ordinal);
        return [.. ordered.Select(channel =>
        {
            var (broadcast, failure) = own.GetValueOrDefault(channel);
            return new ChannelReadiness(channel, broadcast?.Status, broadcast?.SentAt, latest.GetValueOrDefault(channel), broken.GetValueOrDefault(channel))
            {
                Failure = failure is null ? null : new DeliveryFailure(failure.Kind, failure.Error ?? "no reason recorded"),
                LastCheck = checks.GetValueOrDefault(channel),
            };
        })];
    }

    /// <summary>
    /// The answers counted over the same channels as <see cref="ReportAsync"/> (broadcast to, answered, or checked),
    /// without the per-channel detail. Lists of many notices ask the store for these
    /// (<see cref="IReadinessCountStore.CountReadinessAsync"/>), which must give the same numbers as this.
    /// </summary>
    /// <param name="answers">the notice's answers, oldest first (answers at one instant in the order stored).</param>
    public static ReadinessCounts Count(IEnumerable<string> broadcastChannels, IEnumerable<Acknowledgement> answers, IEnumerable<string> checkedChannels)
    {
        var latest = LatestAnswers(answers);
        var channels = broadcastChannels.Concat(latest.Keys).Concat(checkedChannels).Distinct(StringComparer.Ordinal).Count();
        int Count(AckAnswer answer) => latest.Values.Count(a => a.Answer == answer);
        var ready = Count(AckAnswer.Ready);
        var notAffected = Count(AckAnswer.NotAffected);
        var help = Count(AckAnswer.NeedHelp);
        return new ReadinessCounts(channels, ready, notAffected, help, channels - ready - notAffected - help);
    }

    /// <summary><see cref="Count"/> of one notice from every delivery, answer and check of it (the slow way: a
    /// reference for stores, and their fallback).</summary>
    public static async Task<ReadinessCounts> CountAsync(IChangeBotStore store, string noticeId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var broadcast = (await store.ListDeliveriesAsync(noticeId, ct)).Where(d => d.Kind == DeliveryKind.Broadcast).Select(d => d.ChannelKey);
        var answers = await store.ListAcknowledgementsAsync(noticeId, ct);
        var checks = (await store.ListLatestChannelChecksAsync(noticeId, ct)).Select(c => c.ChannelKey);
        return Count(broadcast, answers, checks);
    }

    /// <summary>How far the broadcast has got, so support can watch a large fan-out progress.</summary>
    private static string Progress(IReadOnlyList<ChannelReadiness> rows)
    {
        string Count(DeliveryStatus status) => rows.Count(r => r.Delivery == status).ToString(CultureInfo.InvariantCulture);
        return $"{Count(DeliveryStatus.Sent)} sent, {Count(DeliveryStatus.Pending)} pending, {Count(DeliveryStatus.Failed)} failed";
    }

    /// <param name="cutOvers">the notice's cut-over observations; with them, a notice that cut-over detection
    /// watches gets a "Cut-over" fact (docs/checks.md#cut-over-detection).</param>
    public static Reply Render(Notice notice, IReadOnlyList<ChannelReadiness> rows, IReadOnlyList<CutOvers.CutOverObservation>? cutOvers = null)
    {
        var ready = rows.Count(r => r.Answer?.Answer is AckAnswer.Ready or AckAnswer.NotAffected);
        var help = rows.Count(r => r.Answer?.Answer == AckAnswer.NeedHelp);
        var sections = rows.Select(r => new ReplySection(r.ChannelKey, Describe(r))).ToList();
        return new Reply
        {
            Title = $"Readiness: {notice.Title}",
            NoticeId = notice.Id,
            Text = rows.Count == 0
                ? "The notice has not been delivered to any channel yet."
                : $"{ready} of {rows.Count} channels are ready or not affected; {help} need help; {rows.Count - ready - help} have not answered.",
            Facts = [new("State", notice.State.ToString()), new("Channels", rows.Count.ToString(CultureInfo.InvariantCulture)), new("Broadcast", Progress(rows)),
                .. cutOvers is not null && CutOvers.CutOverStatus.Applies(notice) ? [new ReplyFact("Cut-over", CutOvers.CutOverStatus.Describe(notice, cutOvers))] : Array.Empty<ReplyFact>()],
            Sections = sections,
        };
    }

    private static string Describe(ChannelReadiness row)
    {
        var parts = new List<string>
        {
            row.DeliveredAt is { } at ? $"delivered {TimeMarkup.Mark(at)}"
                : row.Delivery is { } status ? $"delivery {status.ToString().ToLowerInvariant()}"
                : "not subscribed (no delivery)",
        };
        parts.Add(row.Answer is { } a ? $"{AckWords.Describe(a.Answer)} (by {a.UserId}, {TimeMarkup.Mark(a.At)})" : "no answer yet");
        if (row.LastCheck is { } check)
        {
            var problems = check.Problems.Count > 0 ? $" ({string.Join(", ", check.Problems)})" : "";
            parts.Add($"last check: {CheckWords.Verdict(check.Verdict)}{problems}, {check.Target}, by {check.UserId}, {TimeMarkup.Mark(check.At)}");
        }

        if (row.Failure is { } failure && failure.Error != row.BrokenReason)
        {
            parts.Add($"{failure.Kind.ToString().ToLowerInvariant()} failed: {failure.Error}");
        }

        if (row.BrokenReason is { } reason)
        {
            parts.Add($"broken: {reason}");
        }

        return string.Join("; ", parts);
    }
}

/// <summary>One channel's row: the broadcast (null when the channel was never sent the notice), the latest
/// answer, the last chain check run there, the latest delivery that failed for good, and why its
/// subscriptions are broken.</summary>
public sealed record ChannelReadiness(string ChannelKey, DeliveryStatus? Delivery, DateTimeOffset? DeliveredAt, Acknowledgement? Answer, string? BrokenReason)
{
    public DeliveryFailure? Failure { get; init; }

    public ChannelCheck? LastCheck { get; init; }
}

/// <summary>How many channels a notice reached and how they answered (<see cref="Readiness.Count"/>).</summary>
public sealed record ReadinessCounts(int Channels, int Ready, int NotAffected, int NeedHelp, int NoAnswer)
{
    public static ReadinessCounts None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>A delivery that will not be retried: which kind of message and the recorded reason.</summary>
public sealed record DeliveryFailure(DeliveryKind Kind, string Error);

/// <summary>The words of a check verdict, as the JSON form (docs/checks.md#verdict-and-exit-codes) spells them.</summary>
public static class CheckWords
{
    public static string Verdict(Checks.CheckVerdict verdict) => verdict switch
    {
        Checks.CheckVerdict.Ok => "ok",
        Checks.CheckVerdict.Problems => "problems",
        _ => "error",
    };
}

/// <summary>The words for the three answers, as typed in commands and shown to people.</summary>
public static class AckWords
{
    public static bool TryParse(string? word, out AckAnswer answer)
    {
        switch (word?.Trim().ToLowerInvariant())
        {
            case null or "" or "ready":
                answer = AckAnswer.Ready;
                return true;
            case "not-affected" or "notaffected" or "not_affected":
                answer = AckAnswer.NotAffected;
                return true;
            case "need-help" or "needhelp" or "need_help" or "help":
                answer = AckAnswer.NeedHelp;
                return true;
            default:
                answer = default;
                return false;
        }
    }

    public static string Word(AckAnswer answer) => answer switch
    {
        AckAnswer.Ready => "ready",
        AckAnswer.NotAffected => "not-affected",
        _ => "need-help",
    };

    public static string Describe(AckAnswer answer) => answer switch
    {
        AckAnswer.Ready => "ready",
        AckAnswer.NotAffected => "not affected",
        _ => "needs help",
    };
}
