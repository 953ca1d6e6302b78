using ChangeBot.Core.Notices;

namespace ChangeBot.Testing.AnswerEvaluation;

/// <summary>The notices an evaluation set is asked over, imported with the real importer and published.</summary>
public static class EvaluationNotices
{
    public static IReadOnlyList<Notice> Load(params string[] paths)
    {
        var batch = new NoticeImporter().ParseFiles(paths);
        if (!batch.Succeeded)
        {
            throw new InvalidDataException("evaluation notices do not import:\n" + string.Join('\n', batch.Errors));
        }

        return [.. batch.Notices.Select(n => n with { State = NoticeState.Published })];
    }
}
