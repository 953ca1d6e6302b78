using System.Globalization;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Unanswered;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

/// <summary>Questions the bot could not answer, newest first, for support.</summary>
public sealed partial class LiteDbChangeBotStore
{
    public Task AddUnansweredAsync(UnansweredQuestion question, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ct.ThrowIfCancellationRequested();
        _unanswered.Upsert(LogDocument(question.Id, question.At, StoreJson.Serialize(question)));
        if (_unanswered.Count() > UnansweredQuestion.MaxKept)
        {
            // Only the newest are kept: drop everything older than the last one kept.
            var oldestKept = Newest(_unanswered, UnansweredQuestion.MaxKept).Last()[Columns.SortKey];
            _unanswered.DeleteMany(Query.LT(Columns.SortKey, oldestKept));
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UnansweredQuestion>> ListUnansweredAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<UnansweredQuestion>>([.. Newest(_unanswered, max)
            .Select(d => StoreJson.Deserialize<UnansweredQuestion>(d[Columns.Json].AsString))]);
    }
}
