using System.Text.RegularExpressions;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Unanswered;

namespace ChangeBot.Core.Conversations;

public sealed partial class ConversationHandler
{
    private async Task<Reply> AnswerAsync(string question, IncomingMessage message, CancellationToken ct)
    {
        if (question.Length == 0 || SmallTalk().IsMatch(question))
        {
            return Reply.Plain("Hi! Ask me about a change notice (\"is there downtime?\", \"what do I need to do?\"), or type 'help'.");
        }

        var answer = answers.Ask(question, message.ContextNoticeId);
        ChangeBotTelemetry.Questions.Add(1,
            new KeyValuePair<string, object?>("outcome", answer.IsKnown ? "answered" : "unanswered"),
            new KeyValuePair<string, object?>("platform", message.Address.Platform));
        if (!answer.IsKnown)
        {
            // Support sees what people asked that no notice answers ('unanswered').
            var now = time.GetUtcNow();
            await unanswered.AddUnansweredAsync(new UnansweredQuestion(
                Guid.CreateVersion7(now).ToString("N"), UnansweredQuestion.Shorten(question), message.UserId, message.Address.Key, message.ContextNoticeId, now), ct);
        }

        return AnswerReplies.For(answer);
    }

    [GeneratedRegex(@"^(hi|hello|hey|hiya|thanks|thank you|thx|ty|ok|okay|cool|great|good (morning|afternoon|evening))\b[\s!.,:)]*(there|all|bot|changebot)?[\s!.,:)]*$", RegexOptions.IgnoreCase)]
    private static partial Regex SmallTalk();
}
