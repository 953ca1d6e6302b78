namespace ChangeBot.DirectLine;

/// <summary>POST /conversations/{id}/activities: store the echo, answer with its id at once, and let the
/// bot answer in the background (clients poll or stream for the reply).</summary>
internal static class DirectLinePosting
{
    /// <summary>Types that are echoed and kept; anything else (typing, invokes) is acknowledged and dropped,
    /// since Direct Line never returns typing on GET.</summary>
    private static readonly HashSet<string> KeptTypes = ["message", "event"];

    public static async Task<IResult> PostActivityAsync(
        HttpContext context,
        string conversationId,
        DirectLineConversations conversations,
        DirectLineBot bot,
        DirectLineLimits limits,
        TimeProvider time)
    {
        var caller = DirectLineEndpoints.CallerOf(context);
        if (!caller.MayUse(conversationId))
        {
            return DirectLineError.Forbidden("The token belongs to another conversation.");
        }

        if (conversations.Find(conversationId) is not { } conversation)
        {
            return DirectLineError.NotFound(conversationId);
        }

        var clientAddress = ClientAddress.Of(context);
        if (!limits.TryTake(conversation.Id, clientAddress))
        {
            return DirectLineError.Busy("Too many messages in a minute; please wait a moment before sending more.");
        }

        var (activity, bodyError) = await DirectLineBodies.ReadObjectAsync(context.Request, required: true, context.RequestAborted);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if ((PostedActivity.Validate(activity!) ?? PostedActivity.CheckIdentity(activity!, caller)) is { } problem)
        {
            return DirectLineError.BadArgument(problem);
        }

        if (!KeptTypes.Contains(PostedActivity.TypeOf(activity!)))
        {
            return Results.Json(new { id = conversation.Id + "|" + Guid.NewGuid().ToString("N") });
        }

        var userId = PostedActivity.ResolveUserId(activity!, caller, conversation);
        PostedActivity.RememberReader(activity!, conversation);
        var message = PostedActivity.ToIncoming(activity!, userId, conversation, clientAddress);
        PostedActivity.ToEcho(activity!, userId);
        var echoId = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (message is not null && bot.TryStartTurn(conversation, message, userId, echoId.Task) is { } refusal)
        {
            return refusal;
        }

        conversation.Started = true;
        var echo = conversation.Append(activity!, time.GetUtcNow());
        echoId.SetResult(echo.Id);
        return Results.Json(new { id = echo.Id });
    }
}
