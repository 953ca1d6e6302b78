using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>
/// Readiness counts kept up to date as deliveries, answers and checks are written (<see cref="Core.Storage.IReadinessCountStore"/>):
/// LiteDB cannot aggregate without reading every document, and a list page of 50 live notices at 10,000 channels
/// read half a million. Two small collections, written in the same transaction as the row they count:
/// <c>readiness_channels</c> (one per notice and channel: its latest answer) and <c>readiness_counts</c> (one per
/// notice). A file written before they existed gets them built once when opened for writing.
/// </summary>
public sealed partial class LiteDbChangeBotStore
{
    /// <summary>The counts document that says every row of the file is counted (no notice id is this).</summary>
    private const string CountsBuiltMarker = "\u0000built";

    private const string Channels = "c", Ready = "r", NotAffected = "na", NeedHelp = "nh";
    private const string LatestAnswer = "a", LatestTicks = "t", LatestSeq = "s";

    private ILiteCollection<BsonDocument> ReadinessChannels => _db.GetCollection("readiness_channels");

    private ILiteCollection<BsonDocument> ReadinessCounters => _db.GetCollection("readiness_counts");

    public Task<IReadOnlyDictionary<string, ReadinessCounts>> CountReadinessAsync(IReadOnlyCollection<string> noticeIds, CancellationToken ct = default)
    {
        var ids = StoreRules.ValidateReadinessIds(noticeIds);
        ct.ThrowIfCancellationRequested();
        var counters = ReadinessCounters;
        // Without the marker (a read-only open of a file from before the counters) each notice is counted from its rows.
        var built = ids.Count > 0 && counters.FindById(CountsBuiltMarker) is not null;
        return Task.FromResult<IReadOnlyDictionary<string, ReadinessCounts>>(ids.ToDictionary(
            id => id,
            id => counters.FindById(id) is { } doc ? ToCounts(doc) : built ? ReadinessCounts.None : CountFromRows(id),
            StringComparer.Ordinal));
    }

    /// <summary>
    /// Counts a channel of a notice (broadcast to, answered from or checked in) and, with <paramref name="answer"/>,
    /// makes it the channel's answer if it is the latest (later instant, or the same instant stored later: higher
    /// <paramref name="seq"/>). Call inside a write transaction; <paramref name="counters"/> collects the changed
    /// counts documents for <see cref="SaveCounters"/>.
    /// </summary>
    private void CountChannel(Dictionary<string, BsonDocument> counters, string noticeId, string channelKey,
        AckAnswer? answer = null, long ticks = 0, long seq = 0)
    {
        var channels = ReadinessChannels;
        var id = noticeId + "\u001f" + channelKey;
        var channel = channels.FindById(id);
        var known = channel is not null;
        if (known && answer is null)
        {
            return;
        }

        if (!counters.TryGetValue(noticeId, out var counts))
        {
            counts = ReadinessCounters.FindById(noticeId) ?? new BsonDocument
            {
                ["_id"] = noticeId, [Channels] = 0, [Ready] = 0, [NotAffected] = 0, [NeedHelp] = 0,
            };
            counters[noticeId] = counts;
        }

        channel ??= new BsonDocument { ["_id"] = id, [LatestAnswer] = BsonValue.Null, [LatestTicks] = 0L, [LatestSeq] = 0L };
        if (!known)
        {
            counts[Channels] = counts[Channels].AsInt32 + 1;
        }

        if (answer is { } given)
        {
            var stored = channel[LatestAnswer];
            if (!stored.IsNull && (ticks, seq).CompareTo((channel[LatestTicks].AsInt64, channel[LatestSeq].AsInt64)) <= 0)
            {
                return; // an older answer (arriving late) does not change the channel's
            }

            if (!stored.IsNull)
            {
                counts[CounterOf(Enum.Parse<AckAnswer>(stored.AsString))] = counts[CounterOf(Enum.Parse<AckAnswer>(stored.AsString))].AsInt32 - 1;
            }

            counts[CounterOf(given)] = counts[CounterOf(given)].AsInt32 + 1;
            channel[LatestAnswer] = given.ToString();
            channel[LatestTicks] = ticks;
            channel[LatestSeq] = seq;
        }

        if (known)
        {
            channels.Update(channel);
        }
        else
        {
            channels.Insert(channel); // not Upsert: that looks the new key up once more
        }
    }

    private void SaveCounters(Dictionary<string, BsonDocument> counters)
    {
        foreach (var counts in counters.Values)
        {
            ReadinessCounters.Upsert(counts);
        }
    }

    /// <summary>Builds the counters from every stored row, once, for a file written before they existed.</summary>
    private void BuildReadinessCountersOnce()
    {
        if (ReadinessCounters.FindById(CountsBuiltMarker) is not null)
        {
            return;
        }

        InTransaction(() =>
        {
            ReadinessChannels.DeleteAll();
            ReadinessCounters.DeleteAll();
            var counters = new Dictionary<string, BsonDocument>(StringComparer.Ordinal);
            foreach (var delivery in _deliveries.FindAll().Select(ToDelivery).Where(d => d.Kind == DeliveryKind.Broadcast))
            {
                CountChannel(counters, delivery.NoticeId, delivery.ChannelKey);
            }

            foreach (var doc in _acks.FindAll().OrderBy(d => d[Columns.At].AsInt64).ThenBy(d => d[Columns.Id].AsInt64))
            {
                var ack = StoreJson.Deserialize<Acknowledgement>(doc[Columns.Json].AsString);
                CountChannel(counters, ack.NoticeId, ack.ChannelKey, ack.Answer, ack.At.UtcTicks, doc[Columns.Id].AsInt64);
            }

            foreach (var check in Checks.FindAll().Select(d => StoreJson.Deserialize<ChannelCheck>(d[Columns.Json].AsString)))
            {
                CountChannel(counters, check.NoticeId, check.ChannelKey);
            }

            SaveCounters(counters);
            ReadinessCounters.Insert(new BsonDocument { ["_id"] = CountsBuiltMarker });
            return true;
        });
    }

    private ReadinessCounts CountFromRows(string noticeId) => Readiness.Count(
        ListDeliveriesAsync(noticeId).Result.Where(d => d.Kind == DeliveryKind.Broadcast).Select(d => d.ChannelKey),
        ListAcknowledgementsAsync(noticeId).Result,
        ListLatestChannelChecksAsync(noticeId).Result.Select(c => c.ChannelKey));

    private static ReadinessCounts ToCounts(BsonDocument doc)
    {
        int channels = doc[Channels].AsInt32, ready = doc[Ready].AsInt32, notAffected = doc[NotAffected].AsInt32, help = doc[NeedHelp].AsInt32;
        return new ReadinessCounts(channels, ready, notAffected, help, channels - ready - notAffected - help);
    }

    private static string CounterOf(AckAnswer answer) => answer switch
    {
        AckAnswer.Ready => Ready,
        AckAnswer.NotAffected => NotAffected,
        _ => NeedHelp,
    };
}
