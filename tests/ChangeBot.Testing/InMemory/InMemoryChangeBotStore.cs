using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core.Unanswered;
using ChangeBot.Storage;

namespace ChangeBot.Testing.InMemory;

/// <summary>
/// The store port in process memory: a fake for tests of other areas, and the reference the contract tests
/// hold the durable stores to. One lock makes every call atomic, which is all the port's uniqueness and
/// compare-and-swap rules need. Records are immutable, so they are kept as given.
/// </summary>
public sealed partial class InMemoryChangeBotStore : IChangeBotStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Notice> _notices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Notice>> _revisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConversationReference> _conversations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Delivery> _deliveries = new(StringComparer.Ordinal);
    private readonly List<Acknowledgement> _acks = [];
    private readonly List<UnansweredQuestion> _unanswered = [];
    private readonly Dictionary<string, DateTimeOffset> _processed = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _audit = [];

    /// <summary>Test hook: runs inside an import after the first notice was applied, to prove all-or-nothing.</summary>
    internal Action<Notice>? BeforeEachImportWrite { get; set; }

    public Task<bool> PingAsync(CancellationToken ct = default) => Task.FromResult(true);

    public Task<Notice?> GetNoticeAsync(string id, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_notices.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<Notice>> ListNoticesAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Notice>>([.. _notices.Values.OrderBy(n => n.Id, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<Notice>> GetRevisionsAsync(string id, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Notice>>(_revisions.TryGetValue(id, out var list) ? [.. list] : []);
        }
    }

    public Task<IReadOnlyList<ImportResult>> ImportNoticesAsync(IReadOnlyList<Notice> notices, CancellationToken ct = default)
    {
        StoreRules.ValidateImport(notices);
        lock (_gate)
        {
            // Decide everything first, then apply: a failure before the apply loop leaves nothing behind,
            // and the loop below undoes itself if the hook (or anything else) throws.
            var plan = notices.Select(n => StoreRules.DecideImport(_notices.GetValueOrDefault(n.Id), n)).ToList();
            var previous = new List<(string Id, Notice? Notice)>();
            try
            {
                foreach (var (_, toStore) in plan)
                {
                    if (toStore is null)
                    {
                        continue;
                    }

                    BeforeEachImportWrite?.Invoke(toStore);
                    previous.Add((toStore.Id, _notices.GetValueOrDefault(toStore.Id)));
                    SaveNotice(toStore);
                }
            }
            catch
            {
                Undo(previous);
                throw;
            }

            return Task.FromResult<IReadOnlyList<ImportResult>>([.. plan.Select(p => p.Result)]);
        }
    }

    public Task<ImportResult?> TryImportNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default)
    {
        StoreRules.ValidateImport([notice]);
        lock (_gate)
        {
            var stored = _notices.GetValueOrDefault(notice.Id);
            if ((stored?.Revision ?? 0) != expectedRevision)
            {
                return Task.FromResult<ImportResult?>(null);
            }

            var (result, toStore) = StoreRules.DecideImport(stored, notice);
            if (toStore is not null)
            {
                SaveNotice(toStore);
            }

            return Task.FromResult<ImportResult?>(result);
        }
    }

    public Task<bool> UpdateNoticeAsync(Notice notice, int expectedRevision, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        StoreRules.ValidateId(notice);
        lock (_gate)
        {
            if (!_notices.TryGetValue(notice.Id, out var stored) || stored.Revision != expectedRevision)
            {
                return Task.FromResult(false);
            }

            SaveNotice(notice with { Revision = expectedRevision + 1 });
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateNoticeAndReserveAsync(Notice notice, int expectedRevision, IReadOnlyList<Delivery> owed, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(owed);
        lock (_gate)
        {
            // One lock around both: no reader sees the change without its deliveries.
            if (!UpdateNoticeAsync(notice, expectedRevision, ct).Result)
            {
                return Task.FromResult(false);
            }

            foreach (var delivery in owed)
            {
                _deliveries.TryAdd(delivery.Key, delivery);
            }

            return Task.FromResult(true);
        }
    }

    private void SaveNotice(Notice notice)
    {
        _notices[notice.Id] = notice;
        if (!_revisions.TryGetValue(notice.Id, out var list))
        {
            _revisions[notice.Id] = list = [];
        }

        list.Add(notice);
    }

    private void Undo(List<(string Id, Notice? Notice)> previous)
    {
        for (var i = previous.Count - 1; i >= 0; i--)
        {
            var (id, before) = previous[i];
            var list = _revisions[id];
            list.RemoveAt(list.Count - 1);
            if (before is null)
            {
                _notices.Remove(id);
                _revisions.Remove(id);
            }
            else
            {
                _notices[id] = before;
            }
        }
    }
}
