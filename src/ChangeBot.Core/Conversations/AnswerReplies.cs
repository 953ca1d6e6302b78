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
            return Reply.Plain(NotKnownText);
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
