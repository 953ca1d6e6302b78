namespace ChangeBot.DirectLine;

/// <summary>
/// The Direct Line 3.0 subset (docs/platforms.md#direct-line-transport): tokens, start/reconnect, polling by watermark and
/// posting, as Microsoft's directlinejs and Web Chat call them.
/// </summary>
internal static class DirectLineEndpoints
{
    public const string BasePath = "/v3/directline";
    public const string CorsPolicy = "DirectLine";

    public static void MapDirectLineEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath).RequireCors(CorsPolicy).ExcludeFromDescription();
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var auth = http.RequestServices.GetRequiredService<DirectLineAuth>();
            var outcome = await auth.AuthenticateAsync(http, DirectLineAuth.BearerCredential(http.Request));
            if (outcome.Failure is { } failure)
            {
                return failure;
            }

            http.Items[typeof(DirectLineCaller)] = outcome.Caller;
            return await next(context);
        });

        api.MapPost("/tokens/generate", GenerateTokenAsync);
        api.MapPost("/tokens/refresh", RefreshToken);
        api.MapPost("/conversations", StartConversationAsync);
        api.MapGet("/conversations/{conversationId}", Reconnect);
        api.MapGet("/conversations/{conversationId}/activities", GetActivities);
        api.MapPost("/conversations/{conversationId}/activities", DirectLinePosting.PostActivityAsync);
        api.MapPost("/conversations/{conversationId}/upload", () =>
            DirectLineError.BadArgument("ChangeBot's web chat takes text only; file uploads are not supported."));
        app.MapGet(BasePath + "/conversations/{conversationId}/stream", DirectLineStream.AcceptAsync).ExcludeFromDescription();
    }

    internal static DirectLineCaller CallerOf(HttpContext context) => (DirectLineCaller)context.Items[typeof(DirectLineCaller)]!;

    private static async Task<IResult> GenerateTokenAsync(HttpContext context, DirectLineConversations conversations, DirectLineTokens tokens)
    {
        if (CallerOf(context).Kind != CallerKind.Secret)
        {
            return DirectLineError.Forbidden("Generating a token needs the Direct Line secret (Authorization: Bearer <DirectLine:Secret>).");
        }

        var (body, bodyError) = await DirectLineBodies.ReadObjectAsync(context.Request, required: false, context.RequestAborted);
        var (userId, userError) = DirectLineBodies.UserIdOf(body);
        if ((bodyError ?? userError) is { } error)
        {
            return error;
        }

        // The conversation is reserved now and started by the token holder's POST /conversations.
        var conversation = conversations.Create();
        conversation.BoundUserId = userId;
        return Results.Json(new ConversationInfo(conversation.Id, tokens.Issue(conversation.Id, userId), tokens.LifetimeSeconds));
    }

    private static IResult RefreshToken(HttpContext context, DirectLineConversations conversations, DirectLineTokens tokens)
    {
        var caller = CallerOf(context);
        if (caller.Kind != CallerKind.Token)
        {
            return DirectLineError.Forbidden("Only a token can be refreshed; send the current token as the bearer.");
        }

        return conversations.Find(caller.ConversationId!) is null
            ? DirectLineError.NotFound(caller.ConversationId!)
            : Results.Json(new ConversationInfo(caller.ConversationId!, tokens.Issue(caller.ConversationId!, caller.UserId), tokens.LifetimeSeconds));
    }

    private static async Task<IResult> StartConversationAsync(HttpContext context, DirectLineConversations conversations, DirectLineTokens tokens)
    {
        var caller = CallerOf(context);
        var (body, bodyError) = await DirectLineBodies.ReadObjectAsync(context.Request, required: false, context.RequestAborted);
        var (userId, userError) = DirectLineBodies.UserIdOf(body);
        if ((bodyError ?? userError) is { } error)
        {
            return error;
        }

        DirectLineConversation conversation;
        if (caller.Kind == CallerKind.Token)
        {
            // A token names its conversation; starting it twice is fine (200 the second time).
            if (conversations.Find(caller.ConversationId!) is not { } reserved)
            {
                return DirectLineError.NotFound(caller.ConversationId!);
            }

            conversation = reserved;
            userId = caller.UserId;
        }
        else
        {
            // Only the secret holder says who the user is; an anonymous visitor gets a server-assigned id.
            if (conversations.TryCreate(ClientAddress.Of(context)) is not { } created)
            {
                return DirectLineError.Busy("Too many conversations from your address; close some chats or try again later.");
            }

            conversation = created;
            userId = caller.Kind == CallerKind.Secret ? userId : null;
            conversation.BoundUserId = userId;
        }

        var firstStart = !conversation.Started;
        conversation.Started = true;
        var token = tokens.Issue(conversation.Id, userId);
        var info = new ConversationInfo(conversation.Id, token, tokens.LifetimeSeconds, DirectLineStream.Url(context.Request, conversation.Id, token, null));
        return Results.Json(info, statusCode: firstStart ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static IResult Reconnect(HttpContext context, string conversationId, string? watermark, DirectLineConversations conversations, DirectLineTokens tokens)
    {
        var caller = CallerOf(context);
        if (!caller.MayUse(conversationId))
        {
            return DirectLineError.Forbidden("The token belongs to another conversation.");
        }

        if (!DirectLineBodies.TryParseWatermark(watermark, out _))
        {
            return DirectLineError.BadArgument($"Watermark '{watermark}' was not issued by this server.");
        }

        if (conversations.Find(conversationId) is not { } conversation)
        {
            return DirectLineError.NotFound(conversationId);
        }

        var token = tokens.Issue(conversation.Id, caller.UserId ?? conversation.BoundUserId);
        return Results.Json(new ConversationInfo(conversation.Id, token, tokens.LifetimeSeconds, DirectLineStream.Url(context.Request, conversation.Id, token, watermark)));
    }

    /// <summary>Polling. Always 200 (an empty set when idle) unless forbidden or gone: directlinejs stops
    /// polling for good on any other error.</summary>
    private static IResult GetActivities(HttpContext context, string conversationId, string? watermark, DirectLineConversations conversations, DirectLineLimits limits)
    {
        if (!CallerOf(context).MayUse(conversationId))
        {
            return DirectLineError.Forbidden("The token belongs to another conversation.");
        }

        if (!limits.TryTakeRead(conversationId, ClientAddress.Of(context)))
        {
            return DirectLineError.Busy("Too many reads of this conversation in a minute; poll less often or use the stream.");
        }

        if (!DirectLineBodies.TryParseWatermark(watermark, out var after))
        {
            return DirectLineError.BadArgument($"Watermark '{watermark}' was not issued by this server.");
        }

        return conversations.Find(conversationId) is { } conversation
            ? Results.Text(DirectLineBodies.ActivitySet(conversation.After(after)), "application/json")
            : DirectLineError.NotFound(conversationId);
    }
}
