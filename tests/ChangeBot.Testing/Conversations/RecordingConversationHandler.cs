using System.Collections.Concurrent;
using System.Threading.Channels;
using ChangeBot.Core.Conversations;

namespace ChangeBot.Testing.Conversations;

/// <summary>A stand-in for the core's conversation handler: records what the adapter hands over and answers
/// with <see cref="Respond"/> (default: echo the text back).</summary>
public sealed class RecordingConversationHandler : IConversationHandler
{
    private readonly ConcurrentQueue<IncomingMessage> _received = new();
    private readonly Channel<IncomingMessage> _arrivals = Channel.CreateUnbounded<IncomingMessage>();

    public IReadOnlyCollection<IncomingMessage> Received => _received;

    public int Count => _received.Count;

    public Func<IncomingMessage, CancellationToken, Task<IReadOnlyList<Reply>>> Respond { get; set; } =
        (message, _) => Task.FromResult<IReadOnlyList<Reply>>([Reply.Plain("You said: " + message.Text)]);

    /// <summary>Answers every message synchronously with <paramref name="answer"/>.</summary>
    public void AnswerWith(Func<IncomingMessage, IReadOnlyList<Reply>> answer) =>
        Respond = (message, _) => Task.FromResult(answer(message));

    public Task<IReadOnlyList<Reply>> HandleAsync(IncomingMessage message, CancellationToken ct = default)
    {
        _received.Enqueue(message);
        _arrivals.Writer.TryWrite(message);
        return Respond(message, ct);
    }

    /// <summary>The next message handed over (in arrival order), waiting up to <paramref name="timeout"/>.</summary>
    public async Task<IncomingMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _arrivals.Reader.ReadAsync(cts.Token);
    }
}
