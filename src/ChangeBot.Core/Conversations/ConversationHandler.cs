using ChangeBot.Core.Answers;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.Conversations;

/// <summary>
/// The bot's brain behind every platform: commands (docs/support-workflow.md#chat-command-reference) and questions. Support actions, channel answers
/// and subscription removals go through the core operations (which audit them); chain checks through
/// <see cref="IChatChecks"/>.
/// </summary>
public sealed partial class ConversationHandler(
    CommandParser parser,
    IAnswerIndex answers,
    INoticeStore notices,
    ISubscriptionStore subscriptions,
    SubscriptionRemoval removal,
    IUnansweredStore unanswered,
    INoticeOperations operations,
    IChatChecks checks,
    SupportPolicy support,
    TimeProvider time,
    ILogger<ConversationHandler> logger,
    Watches.IWatchCommands? watches = null) : IConversationHandler
{
    public async Task<IReadOnlyList<Reply>> HandleAsync(IncomingMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var reply = parser.Parse(message.Text) switch
            {
                ParsedInput.Command command => await RunAsync(command, message, ct),
                ParsedInput.Invalid invalid => Reply.Plain(invalid.Message, isPrivate: true),
                ParsedInput.Question question => await AnswerAsync(question.Text, message, ct),
                _ => throw new InvalidOperationException("unreachable"),
            };
            return [reply];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The person still gets an answer; the details go to the log, not the chat.
            LogFailure(logger, e, message.UserId, message.Address.Key);
            return [Reply.Plain("Something went wrong on my side and nothing was changed. Please try again in a minute.", isPrivate: true)];
        }
    }

    private Task<Reply> RunAsync(ParsedInput.Command command, IncomingMessage message, CancellationToken ct)
    {
        var isSupport = support.IsSupport(message.UserId);
        if (command.Spec.SupportOnly && !isSupport)
        {
            return Task.FromResult(Refuse(command.Spec));
        }

        var args = command.Args;
        return command.Spec.Name switch
        {
            ChatCommands.Help => Task.FromResult(Help(args, isSupport)),
            ChatCommands.Subscribe => SubscribeAsync(message, args, ct),
            ChatCommands.Unsubscribe => UnsubscribeAsync(message, args, ct),
            ChatCommands.Subscriptions => ListSubscriptionsAsync(message, ct),
            ChatCommands.Notices => ListNoticesAsync(isSupport, ct),
            ChatCommands.Notice => ShowNoticeAsync(args, message.ReplyLimit, isSupport, ct),
            ChatCommands.Check => ChatCheckService.IsPastedChain(command.Rest) ? CheckPastedChainAsync(message, command.Rest, ct) : CheckAsync(message, args, ct),
            ChatCommands.Compare => checks.CompareAsync(args[0].ToLowerInvariant(), message, isSupport, ct),
            ChatCommands.Ack => AcknowledgeAsync(message, args, ct),
            ChatCommands.Unanswered => ListUnansweredAsync(ct),
            ChatCommands.Watch or ChatCommands.Watches or ChatCommands.Unwatch => WatchAsync(command, message, ct),
            _ => RunSupportAsync(command, message, ct),
        };
    }

    private Task<Reply> WatchAsync(ParsedInput.Command command, IncomingMessage message, CancellationToken ct)
    {
        if (watches is null)
        {
            return Task.FromResult(Reply.Plain("Watching endpoints is not available on this server.", isPrivate: true));
        }

        var args = command.Args;
        return command.Spec.Name switch
        {
            ChatCommands.Watch => watches.WatchAsync(message, args[0], args.Count == 3 ? args[2].ToLowerInvariant() : null, ct),
            ChatCommands.Watches => watches.ListAsync(message, ct),
            _ => watches.UnwatchAsync(message, args[0], ct),
        };
    }

    private static Reply Help(IReadOnlyList<string> args, bool isSupport) =>
        args.Count > 0 && ChatCommands.Find(args[0]) is { } command && (!command.SupportOnly || isSupport)
            ? Reply.Plain(HelpText.For(command), isPrivate: true)
            : Reply.Plain(HelpText.General(isSupport), isPrivate: true);

    private static Reply Refuse(ChatCommand command)
    {
        var hint = command.Name == ChatCommands.Cancel
            ? " To stop notices in this conversation, use 'unsubscribe'."
            : "";
        return Reply.Plain($"Sorry, '{command.Name}' is for the support team only, so I have not changed anything.{hint} Type 'help' to see what you can do.", isPrivate: true);
    }

    [LoggerMessage(EventId = ConversationEventIds.Failure, Level = LogLevel.Error, Message = "Handling a chat message from {UserId} in {Conversation} failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string userId, string conversation);
}
