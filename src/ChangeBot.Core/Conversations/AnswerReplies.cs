using ChangeBot.Core.Answers;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Conversations;

/// <summary>How an answer (or the lack of one) looks in chat.</summary>
public static class AnswerReplies
{
    /// <summary>What happens to a question nothing answers: it is kept for support's 'unanswered' list (no one
    /// is alerted), so the reply promises no more than that.</summary>
    private const string Recorded = " I've added your question to the list of unanswered questions the support team reviews; "
        + "type 'notices' to see the current notices.";

    private const string RecordedAfterGuess = "I'm not sure that answers it, so I've added your question to the list of unanswered "
        + "questions the support team reviews.";

    public const string NotKnownText = "I don't know the answer to that yet." + Recorded;

    public static Reply For(Answer answer)
    {
        if (!answer.IsKnown)
        {
            // "No notice covers Okta. The closest: …" says why, which a plain "I don't know" does not.
            if (answer.Refusal is { } refusal)
            {
                return Reply.Plain(refusal + Recorded);
            }

            // A question the bot could not answer with confidence still points at the current notice that came
            // closest: it may say what the reader asks in words the bot did not match, and the button opens it.
            return answer is { NoticeId: { } closestId, NoticeTitle: { } closest }
                ? new Reply
                {
                    Text = Guess(answer) is { } guess
                        ? $"{guess}\n\n{RecordedAfterGuess}"
                        : $"I don't know the answer to that yet. The closest notice is \"{closest}\"{Completed(answer)}.{Recorded}",
                    Buttons = [new ReplyButton("Open the notice", ButtonAction.ShowNotice(closestId))],
                }
                : Reply.Plain(NotKnownText);
        }

        var text = answer.NoticeTitle is { } title ? $"{answer.Text}\n\nFrom the notice \"{title}\"." : answer.Text!;
        if (answer.Past is { } past)
        {
            text = PastNote(past) + "\n\n" + text;
        }

        return new Reply
        {
            Text = text,
            NoticeId = answer.NoticeId,
            Buttons = answer.NoticeId is { } id ? [new ReplyButton("Open the notice", ButtonAction.ShowNotice(id))] : [],
        };
    }

    /// <summary>" (completed)" after the closest notice's title when its maintenance is over.</summary>
    public static string Completed(Answer answer) => answer is { IsKnown: false, Past.State: NoticeState.Completed } ? " (completed)" : "";

    /// <summary>"I'm not sure I have the answer. The closest notice is "…"; its part "…" says:" and the part's
    /// sentences that match the question best: the bot's guess, quoted as one, when a retriever put a part of the
    /// closest notice first but the calibration doubted it; null when there is no such part.</summary>
    public static string? Guess(Answer answer) => answer is { IsKnown: false, NoticeTitle: { } closest, Heading: { } heading, Excerpt: { } excerpt }
        ? $"I'm not sure I have the answer. The closest notice is \"{closest}\"{Completed(answer)}; its part \"{heading}\" says:\n\n{excerpt}"
        : null;

    /// <summary>Said before an answer from a notice that is over, so its dates are not read as current advice.</summary>
    public static string PastNote(PastNotice past) => past.State == NoticeState.Cancelled
        ? "Note: this notice was cancelled, so nothing below is needed any more."
        : "Note: this notice is completed" + (past.Ended is { } ended ? $" (its maintenance ended {TimeMarkup.Mark(ended)})" : "")
            + ", so what it asked is already past.";
}
