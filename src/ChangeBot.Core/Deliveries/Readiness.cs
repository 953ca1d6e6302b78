using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Deliveries;

/// <summary>Who is ready: per channel, the delivery, the latest answer, and whether the channel is broken.</summary>
public static class Readiness
{
    /// <summary>The latest answer per channel; every answer is kept, the latest counts.</summary>
    public static IReadOnlyDictionary<string, Acknowledgement> LatestAnswers(IEnumerable<Acknowledgement> acks) =>
        acks.GroupBy(a => a.ChannelKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(a => a.At).Last(), StringComparer.Ordinal);

    /// <summary>Channels whose latest answer ends reminders (ready or not affected; need-help keeps them coming).</summary>
    public static async Task<HashSet<string>> SettledChannelsAsync(IAcknowledgementStore store, string noticeId, CancellationToken ct)
    {
        var latest = LatestAnswers(await store.ListAcknowledgementsAsync(noticeId, ct));
        return latest.Values.Where(a => a.Answer != AckAnswer.NeedHelp).Select(a => a.ChannelKey).ToHashSet(StringComparer.Ordinal);
    }

    public static async Task<IReadOnlyList<ChannelReadiness>> ReportAsync(IChangeBotStore store, string noticeId, CancellationToken ct)
    {
        var deliveries = await store.ListDeliveriesAsync(noticeId, ct);
        var latest = LatestAnswers(await store.ListAcknowledgementsAsync(noticeId, ct));
        var broken = (await store.ListSubscriptionsAsync(null, ct)).Where(s => s.IsBroken)
            .GroupBy(s => s.Address.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().BrokenReason, StringComparer.Ordinal);
        return [.. deliveries.Where(d => d.Kind == DeliveryKind.Broadcast)
            .GroupBy(d => d.ChannelKey, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.OrderBy(d => d.Revision).First();
                return new ChannelReadiness(
                    g.Key,
                    first.Status,
                    first.SentAt,
                    latest.GetValueOrDefault(g.Key),
                    broken.GetValueOrDefault(g.Key) ?? (first.Status == DeliveryStatus.Failed ? first.Error : null));
            })
            .OrderBy(r => r.ChannelKey, StringComparer.Ordinal)];
    }

    public static Reply Render(Notice notice, IReadOnlyList<ChannelReadiness> rows)
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
            Facts = [new("State", notice.State.ToString()), new("Channels", rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Sections = sections,
        };
    }

    private static string Describe(ChannelReadiness row)
    {
        var parts = new List<string>
        {
            row.DeliveredAt is { } at ? $"delivered {TimeMarkup.Mark(at)}" : $"delivery {row.Delivery.ToString().ToLowerInvariant()}",
        };
        parts.Add(row.Answer is { } a ? $"{AckWords.Describe(a.Answer)} (by {a.UserId}, {TimeMarkup.Mark(a.At)})" : "no answer yet");
        if (row.BrokenReason is { } reason)
        {
            parts.Add($"broken: {reason}");
        }

        return string.Join("; ", parts);
    }
}

public sealed record ChannelReadiness(string ChannelKey, DeliveryStatus Delivery, DateTimeOffset? DeliveredAt, Acknowledgement? Answer, string? BrokenReason);

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
