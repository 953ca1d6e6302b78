namespace ChangeBot.DirectLine;

/// <summary>The right to stream a conversation over its one WebSocket, until a newer stream takes it.</summary>
internal sealed class StreamLease(DirectLineConversation owner) : IDisposable
{
    private readonly CancellationTokenSource _revoked = new();

    public CancellationToken Token => _revoked.Token;

    public void Revoke()
    {
        try
        {
            _revoked.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That stream had already ended.
        }
    }

    public void Dispose()
    {
        owner.Release(this);
        _revoked.Dispose();
    }
}
