using System.Text.RegularExpressions;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Unanswered;

namespace ChangeBot.Core.Conversations;

public sealed partial class ConversationHandler
{
    private async Task<Reply> AnswerAsync(string question, IncomingMessage message, CancellationToken ct)
    {
        if (question.Length == 0 || Greeting().IsMatch(question))
        {
            return Reply.Plain("Hi! Ask me about a change notice (\"is there downtime?\", \"what do I need to do?\"), or type 'help'.");
        }

        // Said after an answer: greeting again would read as if the bot forgot the conversation.
        if (Thanks().IsMatch(question))
        {
            return Reply.Plain("You're welcome! Ask me anything else about a notice, or type 'help'.");
        }

        if (Okay().IsMatch(question))
        {
            return Reply.Plain("Anything else? Ask me about a change notice, or type 'help'.");
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

    [GeneratedRegex(@"^(hi|hello|hey|hiya|good (morning|afternoon|evening))\b[\s!.,:)]*(there|all|bot|changebot)?[\s!.,:)]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Greeting();

    [GeneratedRegex(@"^((ok|okay|great|cool|perfect|got it)[\s,.!]+)?(thanks|thank you|thx|ty|cheers)\b[\s!.,:)]*(a lot|so much|very much)?[\s!.,:)]*(bot|changebot)?[\s!.,:)]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Thanks();

    [GeneratedRegex(@"^(ok|okay|cool|great|perfect|got it|understood|noted)\b([\s!.,:)]*(got it|understood|noted))?[\s!.,:)]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Okay();
}
