using System.Threading.Channels;
using ChangeBot.Core.Conversations;

namespace ChangeBot.Tests.Slack;

/// <summary>A stand-in for the core's conversation handler: records what the adapter hands over and
/// answers with <see cref="Respond"/>.</summary>
public sealed class RecordingConversationHandler : IConversationHandler
{
    private readonly Channel<IncomingMessage> _received = Channel.CreateUnbounded<IncomingMessage>();
    private int _count;

    public Func<IncomingMessage, IReadOnlyList<Reply>> Respond { get; set; } = m => [Reply.Plain("You said: " + m.Text)];

    public int Count => Volatile.Read(ref _count);

    public Task<IReadOnlyList<Reply>> HandleAsync(IncomingMessage message, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _count);
        _received.Writer.TryWrite(message);
        return Task.FromResult(Respond(message));
    }

    public async Task<IncomingMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await _received.Reader.ReadAsync(cts.Token);
    }
}
