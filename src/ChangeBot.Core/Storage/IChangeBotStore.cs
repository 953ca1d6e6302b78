using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core.Unanswered;
using ChangeBot.Core.Watches;

namespace ChangeBot.Core.Storage;

/// <summary>
/// The store port. LiteDB (embedded default) and PostgreSQL (scale-out) implement it and pass the same
/// contract tests. Uniqueness (notice ids, delivery keys, processed event ids) is enforced by the store
/// itself, never by a check-then-insert in the caller, because several instances may share one store.
/// </summary>
public interface IChangeBotStore : INoticeStore, ISubscriptionStore, IConversationStore,
    IDeliveryLedger, IAcknowledgementStore, IUnansweredStore, IProcessedEventStore, IAuditLog, IScheduledJobStore,
    IChannelCheckStore, IPassageVectorStore, IWatchStore, ICutOverStore, IReadinessCountStore,
    IBroadcastProgressStore, INoticeOutbox
{
    /// <summary>Cheap round trip used by <c>/readyz</c>.</summary>
    Task<bool> PingAsync(CancellationToken ct = default);
}

public interface INoticeStore
{
    Task<Notice?> GetNoticeAsync(string id, CancellationToken ct = default);

    Task<IReadOnlyList<Notice>> ListNoticesAsync(CancellationToken ct = default);

    /// <summary>All stored revisions of a notice, oldest first.</summary>
    Task<IReadOnlyList<Notice>> GetRevisionsAsync(string id, CancellationToken ct = default);

    /// <summary>
    /// Stores every notice or none (one transaction). A notice whose <see cref="Notice.ContentHash"/> equals
    /// the stored one is left alone; a changed one gets the next revision and keeps its lifecycle state.
    /// </summary>
    Task<IReadOnlyList<ImportResult>> ImportNoticesAsync(IReadOnlyList<Notice> notices, CancellationToken ct = default);

    /// <summary>Replaces the stored notice if its revision is still <paramref name="expectedRevision"/>;
    /// the saved copy has revision <paramref name="expectedRevision"/> + 1. False when someone else won.</summary>
    Task<bool> UpdateNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default);

    /// <summary>Imports one notice as <see cref="ImportNoticesAsync"/> does, but only if the stored copy is still at
    /// <paramref name="expectedRevision"/> (0: none stored yet), checked and written atomically; null, changing
    /// nothing, when it is not (someone else saved since the caller read it).</summary>
    Task<ImportResult?> TryImportNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default);
}

/// <summary>A notice change and the deliveries it owes, written together (docs/architecture.md#the-delivery-ledger).</summary>
public interface INoticeOutbox
{
    /// <summary>
    /// <see cref="INoticeStore.UpdateNoticeAsync"/> and, only if it wins, <see cref="IDeliveryLedger.TryReserveDeliveriesAsync"/>
    /// of <paramref name="owed"/>, in one transaction: a caller that loses the compare-and-set reserves nothing, so
    /// no delivery is left owed on a revision that was never saved; one that wins never has its change saved without
    /// them. False, with nothing written, when someone else won.
    /// </summary>
    Task<bool> UpdateNoticeAndReserveAsync(Notice notice, int expectedRevision, IReadOnlyList<Delivery> owed, CancellationToken ct = default);
}

/// <summary>
/// Sentence-embedding vectors of answer passages: data computed once per passage text and model, so start-up
/// loads them instead of running the model over every notice. Keyed by (model, content hash); a vector for a
/// key never changes, so the first one stored stays.
/// </summary>
public interface IPassageVectorStore
{
    /// <summary>Every stored vector of <paramref name="model"/>.</summary>
    Task<IReadOnlyList<PassageVector>> ListPassageVectorsAsync(string model, CancellationToken ct = default);

    /// <summary>Stores the vectors whose key is not stored yet, in one round trip; others are left alone.</summary>
    Task SavePassageVectorsAsync(string model, IReadOnlyList<PassageVector> vectors, CancellationToken ct = default);
}

/// <param name="ContentHash">Hash of the exact text the model embedded (passage with its context).</param>
public sealed record PassageVector(string ContentHash, float[] Vector);

public enum ImportOutcome { Created, Updated, Unchanged }

public sealed record ImportResult(string Id, ImportOutcome Outcome, int Revision);

public interface ISubscriptionStore
{
    /// <summary>Adds or replaces (same <see cref="Subscription.Id"/>) a subscription.</summary>
    Task UpsertSubscriptionAsync(Subscription subscription, CancellationToken ct = default);

    /// <summary>Removes subscriptions of a channel: those with exactly these filters, or all when
    /// <paramref name="filters"/> is null. Returns how many were removed.</summary>
    Task<int> RemoveSubscriptionsAsync(ConversationAddress address, IReadOnlyList<string>? filters, CancellationToken ct = default);

    Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(ConversationAddress? address = null, CancellationToken ct = default);

    /// <summary>Every broken subscription, in <see cref="Subscription.Id"/> order: what a readiness report needs of
    /// the subscriptions. By default filtered from the whole list; PostgreSQL asks an index instead (it has
    /// no cache, and parsing every subscription was ~150 ms of a readiness page at 10,000 channels).</summary>
    async Task<IReadOnlyList<Subscription>> ListBrokenSubscriptionsAsync(CancellationToken ct = default) =>
        [.. (await ListSubscriptionsAsync(null, ct)).Where(s => s.IsBroken)];

    /// <summary>Marks every subscription of a channel broken (reason) or healthy again (null).</summary>
    Task MarkChannelBrokenAsync(ConversationAddress address, string? reason, CancellationToken ct = default);

    /// <summary>
    /// The bot can no longer reach the conversations in <paramref name="scope"/>: in one transaction their
    /// references become inactive (updated at <paramref name="at"/>) and every subscription of theirs broken with
    /// <paramref name="reason"/>. Matching is <see cref="ConversationScope.Reaches"/>, by query, not a scan.
    /// Returns how many subscriptions were marked.
    /// </summary>
    Task<int> MarkConversationsGoneAsync(ConversationScope scope, string reason, DateTimeOffset at, CancellationToken ct = default);
}

public interface IConversationStore
{
    Task UpsertConversationAsync(ConversationReference reference, CancellationToken ct = default);

    Task<ConversationReference?> GetConversationAsync(string addressKey, CancellationToken ct = default);

    /// <summary>Platform-level settings keyed by name (e.g. a Slack workspace's bot token after OAuth install).</summary>
    Task SetSecretAsync(string key, string value, CancellationToken ct = default);

    Task<string?> GetSecretAsync(string key, CancellationToken ct = default);

    /// <summary>Every secret whose key starts with <paramref name="keyPrefix"/> (compared ordinally), e.g. the
    /// Data Protection key ring all instances share.</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> ListSecretsAsync(string keyPrefix, CancellationToken ct = default);
}

public interface IDeliveryLedger
{
    /// <summary>
    /// Inserts each record unless one with its key exists, in one round trip (a broadcast reserves one per
    /// channel); the first reservation of a key wins, across every writer. Returns how many this call inserted.
    /// </summary>
    Task<int> TryReserveDeliveriesAsync(IReadOnlyList<Delivery> deliveries, CancellationToken ct = default);

    Task<Delivery?> GetDeliveryAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// Starts attempt <paramref name="seenAttempts"/> + 1 of a pending delivery, atomically: true only for the one
    /// caller that saw the record pending with that many attempts. Two workers that read the same record cannot
    /// both send it, even if the notice's dispatch lock was lost between them.
    /// </summary>
    Task<bool> TryStartAttemptAsync(string key, int seenAttempts, CancellationToken ct = default);

    /// <summary>Updates status, message id, error and attempt count of an existing record.</summary>
    Task UpdateDeliveryAsync(Delivery delivery, CancellationToken ct = default);

    Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string noticeId, CancellationToken ct = default);

    /// <summary>Pending deliveries created before <paramref name="createdBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<Delivery>> ListPendingDeliveriesAsync(DateTimeOffset createdBefore, int max, CancellationToken ct = default);
}

public interface IAcknowledgementStore
{
    Task AddAcknowledgementAsync(Acknowledgement ack, CancellationToken ct = default);

    /// <summary>Every answer for a notice, oldest first.</summary>
    Task<IReadOnlyList<Acknowledgement>> ListAcknowledgementsAsync(string noticeId, CancellationToken ct = default);
}

/// <summary>The last chain check per (notice, channel), for readiness.</summary>
public interface IChannelCheckStore
{
    /// <summary>Records a check; it replaces the stored one for the same notice and channel unless that one is
    /// newer (<see cref="ChannelCheck.At"/>), so a late write from another instance cannot hide a fresher result.</summary>
    Task AddChannelCheckAsync(ChannelCheck check, CancellationToken ct = default);

    /// <summary>The latest check of each channel for a notice, ordered by channel key.</summary>
    Task<IReadOnlyList<ChannelCheck>> ListLatestChannelChecksAsync(string noticeId, CancellationToken ct = default);
}

public interface IUnansweredStore
{
    Task AddUnansweredAsync(UnansweredQuestion question, CancellationToken ct = default);

    /// <summary>Newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<UnansweredQuestion>> ListUnansweredAsync(int max, CancellationToken ct = default);
}

public interface IProcessedEventStore
{
    /// <summary>Records an inbound event id (e.g. Slack's <c>event_id</c>). True the first time, false for a
    /// duplicate, across every instance sharing the store.</summary>
    Task<bool> TryMarkEventProcessedAsync(string eventKey, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Forgets event ids recorded before <paramref name="before"/> (once no sender retries them any more),
    /// so the record does not grow forever. Returns how many were forgotten.</summary>
    Task<int> ForgetProcessedEventsBeforeAsync(DateTimeOffset before, CancellationToken ct = default);
}

public interface IAuditLog
{
    Task AddAuditAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>Newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int max, CancellationToken ct = default);
}

/// <summary>A job the scheduler created for a notice (a reminder or a window-state change), so that
/// reschedule and cancel delete exactly the jobs that are no longer planned.</summary>
public sealed record ScheduledJob(string Key, string NoticeId, string JobId, DateTimeOffset DueAt);

public interface IScheduledJobStore
{
    Task UpsertScheduledJobAsync(ScheduledJob job, CancellationToken ct = default);

    Task<IReadOnlyList<ScheduledJob>> ListScheduledJobsAsync(string noticeId, CancellationToken ct = default);

    Task RemoveScheduledJobAsync(string key, CancellationToken ct = default);
}
