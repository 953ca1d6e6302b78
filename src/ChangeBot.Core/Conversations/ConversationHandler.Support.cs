using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Operations;

namespace ChangeBot.Core.Conversations;

public sealed partial class ConversationHandler
{
    private const int MaxUnanswered = 20;

    /// <summary>publish, update, reschedule, cancel, readiness: the caller is support (checked before).</summary>
    private async Task<Reply> RunSupportAsync(ParsedInput.Command command, IncomingMessage message, CancellationToken ct)
    {
        var id = command.Args[0].ToLowerInvariant();
        var textAfterId = command.Rest[command.Args[0].Length..].Trim();
        var actor = Actor(message);
        var result = command.Spec.Name switch
        {
            ChatCommands.Publish => await operations.PublishAsync(id, actor, ct),
            ChatCommands.Update => await operations.UpdateAsync(id, textAfterId, actor, ct),
            ChatCommands.Reschedule => await operations.RescheduleAsync(id, textAfterId, actor, ct),
            ChatCommands.Cancel => await operations.CancelAsync(id, actor, ct),
            ChatCommands.Readiness => await operations.GetReadinessAsync(id, ct),
            _ => throw new InvalidOperationException($"no handler for '{command.Spec.Name}'"),
        };
        return result.Reply;
    }

    private async Task<Reply> ListUnansweredAsync(CancellationToken ct)
    {
        var questions = await unanswered.ListUnansweredAsync(MaxUnanswered, ct);
        if (questions.Count == 0)
        {
            return Reply.Plain("Every question so far had an answer.", isPrivate: true);
        }

        var lines = questions.Select(q =>
            $"• {TimeMarkup.Mark(q.At)} \"{q.Question}\" — {q.UserId} in {q.ChannelKey}" + (q.NoticeId is { } n ? $" (under {n})" : ""));
        return Reply.Plain($"Questions I could not answer (latest {questions.Count}; only the newest {Unanswered.UnansweredQuestion.MaxKept:N0} are kept, each cut to {Unanswered.UnansweredQuestion.MaxQuestionLength} characters):\n" + string.Join('\n', lines), isPrivate: true);
    }
}
