using ChangeBot.Core.Audit;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Core.Operations;

/// <summary>
/// Answers a question people asked by adding an FAQ entry to a notice: a new revision (source and FAQ alike),
/// audited, and handed to the observers at once, so the answer index answers the question from the next turn on.
/// </summary>
public sealed class FaqAnswers(INoticeStore store, NoticeImporter importer, AuditTrail audit, IEnumerable<INoticeObserver> observers)
{
    public const int MaxQuestionLength = 500;
    public const int MaxAnswerLength = 4000;

    /// <param name="expectedRevision">The revision the person saw; a notice changed since is a conflict, not an overwrite.</param>
    public async Task<OperationResult> AddAsync(string noticeId, string question, string answer, int expectedRevision, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        question = question?.Trim() ?? "";
        answer = answer?.Trim() ?? "";
        if (question.Length is 0 or > MaxQuestionLength || answer.Length is 0 or > MaxAnswerLength)
        {
            return OperationResult.Fail(OperationError.Invalid,
                $"An FAQ entry needs a question of 1 to {MaxQuestionLength} characters and an answer of 1 to {MaxAnswerLength}.");
        }

        if (await store.GetNoticeAsync(noticeId, ct) is not { } notice)
        {
            return OperationResult.Fail(OperationError.NotFound, $"There is no notice '{noticeId}'.");
        }

        if (notice.Revision != expectedRevision)
        {
            return Changed(noticeId, notice.Revision);
        }

        var source = notice.Source.Length == 0 ? null : FaqSource.Add(notice.Source, question, answer);
        if (notice.Source.Length > 0 && source is null)
        {
            return OperationResult.Fail(OperationError.Invalid,
                $"Notice {noticeId} writes its faq inline; add the entry in the notice's editor instead.");
        }

        // A notice whose bundle came from a file cannot be re-read here; the others are checked by the importer.
        if (source is not null && notice.Certificates?.BundlePem is null && importer.Parse(source, noticeId).Errors is { Count: > 0 } errors)
        {
            return OperationResult.Fail(OperationError.Invalid, $"The FAQ entry would make the notice invalid: {errors[0].Message}");
        }

        var updated = notice with
        {
            Faq = [.. notice.Faq, new FaqEntry(question, answer)],
            Source = source ?? "",
            ContentHash = source is null ? notice.ContentHash + "+faq" : NoticeImporter.ContentHash(source, notice.Certificates?.BundlePem),
            Revision = notice.Revision + 1,
        };
        if (!await store.UpdateNoticeAsync(updated, notice.Revision, ct))
        {
            return Changed(noticeId, notice.Revision);
        }

        await audit.RecordAsync(actor, "faq", noticeId, $"revision {updated.Revision}: {question}", ct);
        foreach (var observer in observers)
        {
            observer.NoticeChanged(updated);
        }

        return OperationResult.Ok(Conversations.Reply.Plain($"Added the FAQ entry to {notice.Title} ({noticeId}), revision {updated.Revision}."));
    }

    private static OperationResult Changed(string noticeId, int revision) => OperationResult.Fail(OperationError.Conflict,
        $"Notice {noticeId} changed meanwhile (it is at revision {revision} now); nothing was changed. Reload and try again.");
}
