using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Storage;

/// <summary>
/// The decisions every store makes the same way (what an import does to a notice, which subscriptions a
/// removal matches), so the implementations differ only in how they persist and lock.
/// </summary>
internal static class StoreRules
{
    /// <summary>Rejects a batch the store cannot apply as a whole, before anything is written.</summary>
    public static void ValidateImport(IReadOnlyList<Notice> notices)
    {
        ArgumentNullException.ThrowIfNull(notices);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notice in notices)
        {
            ArgumentNullException.ThrowIfNull(notice, nameof(notices));
            ValidateId(notice);
            if (!seen.Add(notice.Id))
            {
                throw new ArgumentException(
                    $"Notice id '{notice.Id}' appears more than once in one import; nothing was stored.", nameof(notices));
            }
        }
    }

    public static void ValidateId(Notice notice)
    {
        if (string.IsNullOrWhiteSpace(notice.Id))
        {
            throw new ArgumentException("A notice without an id cannot be stored.", nameof(notice));
        }
    }

    /// <summary>
    /// What importing <paramref name="incoming"/> over <paramref name="stored"/> means. A new notice starts at
    /// revision 1; a changed hash gets the next revision and keeps the stored lifecycle state (support's
    /// publish/cancel decisions and posted updates survive a re-import); the same hash is a no-op (<c>ToStore</c> is null).
    /// </summary>
    public static (ImportResult Result, Notice? ToStore) DecideImport(Notice? stored, Notice incoming)
    {
        if (stored is null)
        {
            return (new ImportResult(incoming.Id, ImportOutcome.Created, 1), incoming with { Revision = 1 });
        }

        if (string.Equals(stored.ContentHash, incoming.ContentHash, StringComparison.Ordinal))
        {
            return (new ImportResult(incoming.Id, ImportOutcome.Unchanged, stored.Revision), null);
        }

        var next = incoming with { Revision = stored.Revision + 1, State = stored.State, Updates = stored.Updates };
        return (new ImportResult(incoming.Id, ImportOutcome.Updated, next.Revision), next);
    }

    /// <summary>The id a subscription of <paramref name="address"/> with these filters has (filter order is irrelevant).</summary>
    public static string SubscriptionId(ConversationAddress address, IReadOnlyList<string> filters) =>
        new Subscription(address, filters, "", default).Id;

    /// <summary>An update may change only the outcome of a delivery, never what it is for or when it was owed.</summary>
    public static Delivery ApplyDeliveryUpdate(Delivery stored, Delivery update) => DeliveryOutcome.Of(update).ApplyTo(stored);

    /// <summary>The distinct ids of a readiness-count call, or an error when there are more than one call may ask for.</summary>
    public static IReadOnlyList<string> ValidateReadinessIds(IReadOnlyCollection<string> noticeIds)
    {
        ArgumentNullException.ThrowIfNull(noticeIds);
        var ids = noticeIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count > IReadinessCountStore.MaxNotices)
        {
            throw new ArgumentOutOfRangeException(nameof(noticeIds), ids.Count,
                $"Readiness counts are read for at most {IReadinessCountStore.MaxNotices} notices at once; ask page by page.");
        }

        return ids;
    }

    public static void ValidateMax(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
    }

    /// <summary>The arguments of <see cref="IBroadcastProgressStore.CountProgressAsync"/>.</summary>
    public static void ValidateProgressQuery(string noticeId, int maxFailures)
    {
        ArgumentNullException.ThrowIfNull(noticeId);
        if (maxFailures is < 0 or > BroadcastProgress.MaxFailuresListed)
        {
            throw new ArgumentOutOfRangeException(nameof(maxFailures), maxFailures,
                $"A progress reading lists 0 to {BroadcastProgress.MaxFailuresListed} failures.");
        }
    }
}

/// <summary>The part of a delivery an update may change. Its properties carry the names of <see cref="Delivery"/>'s,
/// so its JSON is a patch a document store can merge over the stored delivery.</summary>
internal sealed record DeliveryOutcome(DeliveryStatus Status, string? PlatformMessageId, string? Error, int Attempts, DateTimeOffset? SentAt,
    DeliveryFailureKind? FailureKind)
{
    public static DeliveryOutcome Of(Delivery update) =>
        new(update.Status, update.PlatformMessageId, update.Error, update.Attempts, update.SentAt, update.FailureKind);

    public Delivery ApplyTo(Delivery stored) => stored with
    {
        Status = Status,
        PlatformMessageId = PlatformMessageId,
        Error = Error,
        Attempts = Attempts,
        SentAt = SentAt,
        FailureKind = FailureKind,
    };
}
