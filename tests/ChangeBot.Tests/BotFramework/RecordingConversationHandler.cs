using System.Collections.Concurrent;
using ChangeBot.Core.Conversations;

namespace ChangeBot.Tests.BotFramework;

/// <summary>Stands in for the core's conversation handler: records what the adapter handed over and answers
/// with <see cref="Answer"/> (default: echo the text back).</summary>
internal sealed class RecordingConversationHandler : IConversationHandler
{
    private readonly ConcurrentQueue<IncomingMessage> _received = new();

    public IReadOnlyCollection<IncomingMessage> Received => _received;

    public Func<IncomingMessage, IReadOnlyList<Reply>> Answer { get; set; } = m => [Reply.Plain("You said: " + m.Text)];

    public Task<IReadOnlyList<Reply>> HandleAsync(IncomingMessage message, CancellationToken ct = default)
    {
        _received.Enqueue(message);
        return Task.FromResult(Answer(message));
    }
}
