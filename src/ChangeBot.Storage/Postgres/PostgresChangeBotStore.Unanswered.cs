using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Unanswered;

namespace ChangeBot.Storage.Postgres;

/// <summary>Questions the bot could not answer, newest first, for support.</summary>
public sealed partial class PostgresChangeBotStore
{
    public async Task AddUnansweredAsync(UnansweredQuestion question, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        await ExecuteAsync("""
            INSERT INTO unanswered (id, at_ticks, doc) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (id) DO UPDATE SET at_ticks = excluded.at_ticks, doc = excluded.doc
            """, ct, question.Id, Ticks(question.At), StoreJson.Serialize(question));
        // Only the newest are kept (UnansweredQuestion.MaxKept).
        await ExecuteAsync("""
            DELETE FROM unanswered WHERE id NOT IN (SELECT id FROM unanswered ORDER BY at_ticks DESC, id DESC LIMIT $1)
            """, ct, UnansweredQuestion.MaxKept);
    }

    public async Task<IReadOnlyList<UnansweredQuestion>> ListUnansweredAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        return await QueryAsync<UnansweredQuestion>("SELECT doc FROM unanswered ORDER BY at_ticks DESC, id DESC LIMIT $1", ct, max);
    }
}
