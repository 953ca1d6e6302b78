using System.Globalization;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>Channels' answers to a notice (ready, not affected, need help), each counted once.</summary>
public sealed partial class LiteDbChangeBotStore
{
    /// <summary>The answer with a given <see cref="OnceKey"/>, compiled once: parsing a new query per answer cost
    /// more than the insert. Its parameter is set under the write gate only.</summary>
    private readonly BsonExpression _answerByOnce = BsonExpression.Create(Columns.Once + " = @0");

    public Task AddAcknowledgementAsync(Acknowledgement ack, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ack);
        ct.ThrowIfCancellationRequested();
        return AddAcknowledgementsAsync([ack]);
    }

    /// <summary>Answers added as <see cref="AddAcknowledgementAsync"/> adds each, in one transaction (a benchmark seeds
    /// hundreds of thousands; one commit each took minutes).</summary>
    internal Task AddAcknowledgementsAsync(IReadOnlyList<Acknowledgement> acks)
    {
        // The gate is held past the commit so kept lists get the answers in the order they were stored.
        lock (_writeGate)
        {
            var added = new List<Acknowledgement>();
            InTransaction(() =>
            {
                var counters = new Dictionary<string, BsonDocument>(StringComparer.Ordinal);
                foreach (var ack in acks)
                {
                    // The unique index on the answer's identity makes the same answer recorded twice one record; looking it
                    // up first under the write gate (this process is the file's only writer) keeps the transaction free of
                    // a failed insert.
                    var once = OnceKey(ack);
                    _answerByOnce.Parameters["0"] = once;
                    if (_acks.Find(_answerByOnce).Any())
                    {
                        continue;
                    }

                    var seq = _acks.Insert(new BsonDocument
                    {
                        [Columns.NoticeId] = ack.NoticeId,
                        [Columns.At] = ack.At.UtcTicks,
                        [Columns.Once] = once,
                        [Columns.Json] = StoreJson.Serialize(ack),
                    });
                    CountChannel(counters, ack.NoticeId, ack.ChannelKey, ack.Answer, ack.At.UtcTicks, seq.AsInt64);
                    added.Add(ack);
                }

                SaveCounters(counters);
                return true;
            });
            KeepAdded(added);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Acknowledgement>> ListAcknowledgementsAsync(string noticeId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        // Answers at the same instant stay in arrival order (the auto-incremented id).
        return Task.FromResult(CachedRead(AnswersOf(noticeId), () => _acks.Find(Query.EQ(Columns.NoticeId, noticeId))
            .OrderBy(d => d[Columns.At].AsInt64).ThenBy(d => d[Columns.Id].AsInt64)
            .Select(d => StoreJson.Deserialize<Acknowledgement>(d[Columns.Json].AsString))));
    }

    /// <summary>What makes two answers the same answer: notice, channel, user, answer and instant.</summary>
    private static string OnceKey(Acknowledgement ack) =>
        string.Join('\u001f', ack.NoticeId, ack.ChannelKey, ack.UserId, ack.Answer, ack.At.UtcTicks.ToString(CultureInfo.InvariantCulture));

    /// <summary>Answers stored before <see cref="Columns.Once"/> existed get it (exact repeats are dropped), so the
    /// unique index can be built on a file written by an earlier version.</summary>
    private void BackfillAnswerKeys()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in _acks.FindAll().ToList())
        {
            var key = doc[Columns.Once].IsString ? doc[Columns.Once].AsString : OnceKey(StoreJson.Deserialize<Acknowledgement>(doc[Columns.Json].AsString));
            if (!seen.Add(key))
            {
                _acks.Delete(doc[Columns.Id]);
            }
            else if (!doc[Columns.Once].IsString)
            {
                doc[Columns.Once] = key;
                _acks.Update(doc);
            }
        }
    }
}
