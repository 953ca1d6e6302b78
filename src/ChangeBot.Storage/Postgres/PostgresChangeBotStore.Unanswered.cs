using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Unanswered;

namespace ChangeBot.Storage.Postgres;

/// <summary>Questions the bot could not answer, newest first, for support.</summary>
public sealed partial class PostgresChangeBotStore
{
    public Task AddUnansweredAsync(UnansweredQuestion question, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        return ExecuteAsync("""
            INSERT INTO unanswered (id, at_ticks, doc) VALUES ($1, $2, $3::jsonb)
            ON CONFLICT (id) DO UPDATE SET at_ticks = excluded.at_ticks, doc = excluded.doc
            """, ct, question.Id, Ticks(question.At), StoreJson.Serialize(question));
    }

    public async Task<IReadOnlyList<UnansweredQuestion>> ListUnansweredAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        return await QueryAsync<UnansweredQuestion>("SELECT doc FROM unanswered ORDER BY at_ticks DESC, id DESC LIMIT $1", ct, max);
    }
}
