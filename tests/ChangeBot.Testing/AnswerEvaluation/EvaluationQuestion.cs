using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeBot.Testing.AnswerEvaluation;

/// <summary>One evaluation question (tests/ChangeBot.Benchmarks/Answers/Eval/questions-all.txt explains the fields).
/// <see cref="Facts"/>: every fact must be in the answer; a fact is a list of alternatives.</summary>
public sealed record EvaluationQuestion(
    string Id,
    string Kind,
    string? Context,
    string Question,
    string? Notice,
    string? Section,
    IReadOnlyList<IReadOnlyList<string>> Facts)
{
    public bool InScope => Notice is not null;

    /// <summary>The questions of a set file (dev.json or test.json) written by split.py.</summary>
    public static IReadOnlyList<EvaluationQuestion> Load(string path)
    {
        var set = JsonSerializer.Deserialize<SetFile>(File.ReadAllText(path), JsonOptions)
            ?? throw new InvalidDataException($"{path}: empty evaluation set");
        foreach (var question in set.Questions)
        {
            if (!EvaluationKinds.All.Contains(question.Kind))
            {
                throw new InvalidDataException($"{path}: {question.Id} has unknown kind '{question.Kind}'");
            }

            if (question.InScope == EvaluationKinds.OutOfScope.Contains(question.Kind))
            {
                throw new InvalidDataException($"{path}: {question.Id}: only out-of-scope kinds expect no notice");
            }
        }

        return set.Questions;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    private sealed record SetFile(string Set, int Seed, IReadOnlyList<EvaluationQuestion> Questions);
}

public static class EvaluationKinds
{
    public const string Paraphrase = "paraphrase";
    public const string Legacy = "legacy";

    /// <summary>The kinds in report order; <see cref="Legacy"/> marks the 57 questions of the older set
    /// (Answers/Evaluation/questions.txt), which stay in the dev set.</summary>
    public static readonly IReadOnlyList<string> All =
        ["paraphrase", "out-of-scope", "cross-vendor", "time", "faq", "thread", "direct", Legacy];

    /// <summary>Kinds whose questions no notice answers.</summary>
    public static readonly IReadOnlySet<string> OutOfScope = new HashSet<string>(StringComparer.Ordinal) { "out-of-scope", "cross-vendor" };
}
