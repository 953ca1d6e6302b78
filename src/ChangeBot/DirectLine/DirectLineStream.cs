using System.Net.WebSockets;
using System.Text;

namespace ChangeBot.DirectLine;

/// <summary>
/// The WebSocket <c>streamUrl</c>: pre-authorized by the token in <c>t</c>, it pushes each new ActivitySet
/// as a text frame. One stream per conversation; a newer one closes the older with reason "collision".
/// </summary>
internal static class DirectLineStream
{
    public static string Url(HttpRequest request, string conversationId, string token, string? watermark)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var url = $"{scheme}://{request.Host}{request.PathBase}{DirectLineEndpoints.BasePath}/conversations/"
            + $"{Uri.EscapeDataString(conversationId)}/stream?t={Uri.EscapeDataString(token)}";
        return string.IsNullOrEmpty(watermark) ? url : url + "&watermark=" + Uri.EscapeDataString(watermark);
    }

    public static async Task<IResult> AcceptAsync(
        HttpContext context,
        string conversationId,
        string? t,
        string? watermark,
        DirectLineAuth auth,
        DirectLineConversations conversations,
        IHostApplicationLifetime lifetime,
        ILogger<DirectLineAuth> logger)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return DirectLineError.BadArgument("The stream URL expects a WebSocket upgrade.");
        }

        var outcome = await auth.AuthenticateAsync(context, t ?? DirectLineAuth.BearerCredential(context.Request));
        if (outcome.Failure is { } failure)
        {
            return failure;
        }

        // Only the token from a start reply (or the secret) opens a stream.
        if (!outcome.Caller!.MayUse(conversationId))
        {
            return DirectLineError.Forbidden("Open the stream with the streamUrl (and its token) from starting the conversation.");
        }

        if (!DirectLineBodies.TryParseWatermark(watermark, out var after))
        {
            return DirectLineError.BadArgument($"Watermark '{watermark}' was not issued by this server.");
        }

        if (conversations.Find(conversationId) is not { } conversation)
        {
            return DirectLineError.NotFound(conversationId);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var lease = conversation.ReplaceStream();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ended.Token, lease.Token);
        var reason = await PumpAsync(socket, conversation, after, lease.Token, stop.Token, ended.Token);
        DirectLineLog.StreamClosed(logger, conversationId, reason);
        return Results.Empty;
    }

    /// <summary>Sends until the client closes, a newer stream replaces this one (<paramref name="replaced"/>),
    /// or the request ends. Reading is not cancelled on replacement (that would abort the socket before it
    /// can say "collision").</summary>
    private static async Task<string> PumpAsync(
        WebSocket socket, DirectLineConversation conversation, long after, CancellationToken replaced, CancellationToken stop, CancellationToken ended)
    {
        var closedByClient = DrainUntilCloseAsync(socket, ended);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var page = conversation.After(after);
                if (page.Activities.Count > 0)
                {
                    var frame = Encoding.UTF8.GetBytes(DirectLineBodies.ActivitySet(page));
                    await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, ended);
                    after = page.Watermark;
                    if (page.HasMore)
                    {
                        continue;
                    }
                }

                await Task.WhenAny(page.NextAppend, closedByClient).WaitAsync(stop);
                stop.ThrowIfCancellationRequested();
                if (closedByClient.IsCompleted)
                {
                    await CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "bye");
                    return "closed by the client";
                }
            }

            return "socket no longer open";
        }
        catch (OperationCanceledException)
        {
            var why = replaced.IsCancellationRequested ? "collision" : "server stopping or request aborted";
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, why);
            return why;
        }
        catch (WebSocketException ex)
        {
            return "socket error: " + ex.WebSocketErrorCode;
        }
    }

    /// <summary>Clients send empty keep-alive frames; they are read and ignored until the close.</summary>
    private static async Task DrainUntilCloseAsync(WebSocket socket, CancellationToken ended)
    {
        var buffer = new byte[1024];
        try
        {
            while (!ended.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, ended);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The pump decides what to report and closes.
        }
    }

    /// <summary>Only the pump sends, so closing here never overlaps a send.</summary>
    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(status, reason, bounded.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
