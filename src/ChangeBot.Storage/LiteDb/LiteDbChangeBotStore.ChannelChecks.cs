using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

public sealed partial class LiteDbChangeBotStore
{
    private ILiteCollection<BsonDocument> Checks => _db.GetCollection("channel_checks");

    public Task AddChannelCheckAsync(ChannelCheck check, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        ct.ThrowIfCancellationRequested();
        // Notice ids are slugs, so the first '|' separates them from the channel key, whatever that holds.
        var id = check.NoticeId + "|" + check.ChannelKey;
        lock (_writeGate)
        {
            Checks.EnsureIndex(Columns.NoticeId);
        }

        InTransaction(() =>
        {
            var checks = Checks;
            if (checks.FindById(id) is { } stored && stored[Columns.At].AsInt64 > check.At.UtcTicks)
            {
                return false; // a newer result is already kept
            }

            checks.Upsert(new BsonDocument
            {
                [Columns.Id] = id,
                [Columns.NoticeId] = check.NoticeId,
                [Columns.At] = check.At.UtcTicks,
                [Columns.Json] = StoreJson.Serialize(check),
            });
            var counters = new Dictionary<string, BsonDocument>(StringComparer.Ordinal);
            CountChannel(counters, check.NoticeId, check.ChannelKey);
            SaveCounters(counters);
            return true;
        });

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ChannelCheck>> ListLatestChannelChecksAsync(string noticeId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<ChannelCheck>>([.. Checks.Find(Query.EQ(Columns.NoticeId, noticeId))
            .Select(d => StoreJson.Deserialize<ChannelCheck>(d[Columns.Json].AsString))
            .OrderBy(c => c.ChannelKey, StringComparer.Ordinal)]);
    }
}
