using System.Globalization;
using ChangeBot.Core.CutOvers;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

public sealed partial class LiteDbChangeBotStore
{
    private ILiteCollection<BsonDocument> CutOvers => _db.GetCollection("cut_overs");

    public Task<bool> TryAddCutOverAsync(CutOverObservation observation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ct.ThrowIfCancellationRequested();
        // Notice ids are slugs, so '|' separates them from the sequence; the sequence is zero-padded so ids sort by it.
        var id = observation.NoticeId + "|" + observation.Sequence.ToString("D10", CultureInfo.InvariantCulture);
        lock (_writeGate)
        {
            var cutOvers = CutOvers;
            cutOvers.EnsureIndex(Columns.NoticeId);
            if (cutOvers.FindById(id) is not null)
            {
                return Task.FromResult(false);
            }

            cutOvers.Insert(new BsonDocument
            {
                [Columns.Id] = id,
                [Columns.NoticeId] = observation.NoticeId,
                [Columns.Json] = StoreJson.Serialize(observation),
            });
        }

        return Task.FromResult(true);
    }

    public Task<bool> TryClaimCutOverProbeAsync(string noticeId, string endpoint, DateTimeOffset now, TimeSpan interval, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var id = noticeId + "|" + endpoint;
        lock (_writeGate)
        {
            var probes = _db.GetCollection("cut_over_probes");
            if (probes.FindById(id) is { } last && last[Columns.At].AsInt64 > (now - interval).UtcTicks)
            {
                return Task.FromResult(false);
            }

            probes.Upsert(new BsonDocument { [Columns.Id] = id, [Columns.At] = now.UtcTicks });
        }

        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<CutOverObservation>> ListCutOversAsync(string noticeId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<CutOverObservation>>([.. CutOvers.Find(Query.EQ(Columns.NoticeId, noticeId))
            .Select(d => StoreJson.Deserialize<CutOverObservation>(d[Columns.Json].AsString))
            .OrderBy(o => o.Sequence)]);
    }
}
