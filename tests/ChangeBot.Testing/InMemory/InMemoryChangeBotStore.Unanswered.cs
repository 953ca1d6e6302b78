using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Unanswered;
using ChangeBot.Storage;

namespace ChangeBot.Testing.InMemory;

/// <summary>Questions the bot could not answer, newest first, for support.</summary>
public sealed partial class InMemoryChangeBotStore
{
    public Task AddUnansweredAsync(UnansweredQuestion question, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        lock (_gate)
        {
            _unanswered.RemoveAll(q => q.Id == question.Id);
            _unanswered.Add(question);
            if (_unanswered.Count > UnansweredQuestion.MaxKept)
            {
                _unanswered.Sort((a, b) => b.At != a.At ? b.At.CompareTo(a.At) : string.CompareOrdinal(b.Id, a.Id));
                _unanswered.RemoveRange(UnansweredQuestion.MaxKept, _unanswered.Count - UnansweredQuestion.MaxKept);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UnansweredQuestion>> ListUnansweredAsync(int max, CancellationToken ct = default)
    {
        StoreRules.ValidateMax(max);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<UnansweredQuestion>>([.. _unanswered
                .OrderByDescending(q => q.At).ThenByDescending(q => q.Id, StringComparer.Ordinal).Take(max)]);
        }
    }
}
