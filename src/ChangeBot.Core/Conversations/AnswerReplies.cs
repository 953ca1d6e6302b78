using ChangeBot.Core.Answers;

namespace ChangeBot.Core.Conversations;

/// <summary>How an answer (or the lack of one) looks in chat.</summary>
public static class AnswerReplies
{
    public const string NotKnownText =
        "I don't know the answer to that yet. I've passed your question on to the support team; " +
        "type 'notices' to see the current notices.";

    public static Reply For(Answer answer)
    {
        if (!answer.IsKnown)
        {
            // "No notice covers Okta. The closest: …" says why, which a plain "I don't know" does not.
            return Reply.Plain(answer.Refusal is { } refusal
                ? refusal + " I've passed your question on to the support team; type 'notices' to see the current notices."
                : NotKnownText);
        }

        var text = answer.NoticeTitle is { } title ? $"{answer.Text}\n\nFrom the notice \"{title}\"." : answer.Text!;
        return new Reply
        {
            Text = text,
            NoticeId = answer.NoticeId,
            Buttons = answer.NoticeId is { } id ? [new ReplyButton("Open the notice", ButtonAction.ShowNotice(id))] : [],
        };
    }
}
