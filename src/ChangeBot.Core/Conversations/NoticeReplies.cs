using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Conversations;

// PLACEHOLDER: replaced by the conversation work's NoticeReplies on merge.
public static class NoticeReplies
{
    public static Reply Render(Notice notice) => new() { Title = notice.Title, NoticeId = notice.Id, Buttons = AnswerButtons(notice) };

    public static IReadOnlyList<ReplyButton> AnswerButtons(Notice notice) =>
    [
        new("We're ready", $"ack {notice.Id} ready", ButtonStyle.Primary),
        new("Not affected", $"ack {notice.Id} not-affected"),
        new("Need help", $"ack {notice.Id} need-help", ButtonStyle.Danger),
    ];
}
