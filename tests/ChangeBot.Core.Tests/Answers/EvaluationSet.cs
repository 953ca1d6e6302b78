using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Testing.AnswerEvaluation;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>
/// The answer evaluation data. The older set: Answers/Evaluation/*.md and questions.txt. The unseen-wording
/// set (issue 13): Answers/Evaluation/notices/*.md plus the sample notice, with dev.json, its tuning half
/// (the test half is read only by the answers-eval benchmark).
/// </summary>
internal static class EvaluationSet
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Answers", "Evaluation");

    public static string NoticesFolder => Path.Combine(Folder, "notices");

    public static string SampleNotice => Path.Combine(Folder, "api-sandbox-tls-certificate.md");

    /// <summary>The older set's notices (the sample notice included), published.</summary>
    public static IReadOnlyList<Notice> Notices() => EvaluationNotices.Load(Folder);

    public static IReadOnlyList<EvaluationQuestion> LegacyQuestions() =>
        Testing.AnswerEvaluation.LegacyQuestions.Load(Path.Combine(Folder, "questions.txt"));

    /// <summary>The unseen-wording set's notices: eight vendors plus the sample notice, published.</summary>
    public static IReadOnlyList<Notice> NewNotices() => EvaluationNotices.Load(NoticesFolder, SampleNotice);

    public static IReadOnlyList<EvaluationQuestion> DevQuestions() => EvaluationQuestion.Load(Path.Combine(Folder, "dev.json"));

    /// <summary>Asks <paramref name="questions"/> over <paramref name="notices"/> the way <c>ask --json</c> does
    /// (src/ChangeBot/Cli/AskCommand.cs): the product's index, times rendered in the notice's zone.</summary>
    public static EvaluationReport Evaluate(IReadOnlyList<Notice> notices, IEnumerable<EvaluationQuestion> questions)
    {
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: SentenceEmbedder.Shared(null));
        index.Rebuild(notices);
        return EvaluationReport.Run(questions, (question, context) =>
        {
            var answer = index.Ask(question, context);
            var zone = answer.NoticeId is { } id ? index.Find(id)?.TimeZone : null;
            return new EvaluatedAnswer(answer.Text is null ? null : TimeMarkup.RenderPlain(answer.Text, zone), answer.NoticeId);
        });
    }
}
