using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.DirectLine;

/// <summary>
/// Turns an activity a client posted into the echo Direct Line clients expect back (the client's
/// fields and <c>channelData</c> kept, the server's stamped) and into the core's <see cref="IncomingMessage"/>.
/// </summary>
internal static class PostedActivity
{
    public const int MaxUserIdLength = 256;

    /// <summary>A chat message, not a document: longer text is refused (the whole activity is bounded by
    /// <see cref="DirectLineBodies.MaxActivityChars"/>).</summary>
    public const int MaxTextLength = 4096;

    /// <summary>A clear message naming what is wrong with the activity, or null when it is usable.</summary>
    public static string? Validate(JsonObject activity)
    {
        if (activity["type"] is not JsonValue type || !type.TryGetValue<string>(out var typeName) || typeName.Length == 0)
        {
            return "The activity has no 'type' (a string such as \"message\").";
        }

        if (activity["from"] is { } from && from is not JsonObject)
        {
            return "The activity's 'from' must be an object such as {\"id\":\"user1\"}.";
        }

        if (activity["from"]?["id"] is { } id && (id is not JsonValue idValue || !idValue.TryGetValue<string>(out var idText) || idText.Length > MaxUserIdLength))
        {
            return $"The activity's 'from.id' must be a string of at most {MaxUserIdLength} characters.";
        }

        if (activity["text"] is { } text && (text is not JsonValue textValue || !textValue.TryGetValue<string>(out var textString)))
        {
            return "The activity's 'text' must be a string.";
        }

        return activity["text"]?.GetValue<string>().Length > MaxTextLength
            ? $"The activity's 'text' is longer than {MaxTextLength} characters; please ask a shorter question."
            : null;
    }

    /// <summary>
    /// Ids starting <c>dl_</c> (in any case: platform ids are compared exactly, but a look-alike must not pass
    /// for one) are trusted identities, as in Azure's enhanced authentication: only a token's user claim or the
    /// secret holder gives one. A client claiming one is refused rather than silently renamed, so a misconfigured
    /// support site notices. Null when acceptable, else the reason.
    /// </summary>
    public static string? CheckIdentity(JsonObject activity, DirectLineCaller caller)
    {
        var claimed = activity["from"]?["id"]?.GetValue<string>();
        return !caller.IsTrustedForIdentity && claimed is not null && claimed.StartsWith(TrustedIdPrefix, StringComparison.OrdinalIgnoreCase)
            ? $"User ids starting '{TrustedIdPrefix}' must come from the token (generate it with the secret for a user id)."
            : null;
    }

    public const string TrustedIdPrefix = "dl_";

    public static string TypeOf(JsonObject activity) => activity["type"]!.GetValue<string>();

    /// <summary>
    /// The user id: a token's bound user always wins (as in Azure's service); the secret holder may name the user
    /// in <c>from.id</c>; otherwise the id the secret holder bound when the conversation started, else the
    /// conversation's server-assigned visitor id. A client's own <c>from.id</c> never decides who it is.
    /// </summary>
    public static string ResolveUserId(JsonObject activity, DirectLineCaller caller, DirectLineConversation conversation) =>
        caller.UserId
        ?? (caller.Kind == CallerKind.Secret ? NonEmpty(activity["from"]?["id"]?.GetValue<string>()) : null)
        ?? conversation.BoundUserId
        ?? conversation.VisitorId;

    /// <summary>Rewrites <paramref name="activity"/> in place into the echo (server fields are stamped on append).</summary>
    public static void ToEcho(JsonObject activity, string userId)
    {
        activity.Remove("id");
        activity.Remove("timestamp");
        var from = activity["from"] as JsonObject ?? new JsonObject();
        activity["from"] = null;
        from["id"] = userId;
        from["role"] = "user";
        activity["from"] = from;
        activity["recipient"] = new JsonObject { ["id"] = ReplyActivity.BotId, ["name"] = ReplyActivity.BotName, ["role"] = "bot" };
    }

    /// <summary>The core's view of a message, or null for anything without text (typing, events, empty messages).</summary>
    public static IncomingMessage? ToIncoming(JsonObject activity, string userId, DirectLineConversation conversation, string clientAddress)
    {
        var text = activity["text"]?.GetValue<string>()?.Trim();
        if (TypeOf(activity) != "message" || string.IsNullOrEmpty(text))
        {
            return null;
        }

        var replyTo = activity["replyToId"] is JsonValue r && r.TryGetValue<string>(out var replyToId) ? replyToId : null;
        return new IncomingMessage
        {
            Address = new ConversationAddress(Platforms.DirectLine, "local", conversation.Id),
            ReplyLimit = ReplyLimits.WebChat,
            UserId = Platforms.DirectLine + ":" + userId,
            UserName = activity["from"]?["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null,
            Text = text,
            IsDirect = true,
            // The conversation lives as long as the page's tab.
            EndsWithVisit = true,
            // A button pressed under a notice's reply (the page sets replyToId) asks about that notice.
            ContextNoticeId = replyTo is null ? null : conversation.Find(replyTo)?.NoticeId,
            UserTimeZone = conversation.TimeZone,
            ClientAddress = clientAddress,
        };
    }

    /// <summary>Remembers the reader's zone and locale, so proactive messages render times for them too.</summary>
    public static void RememberReader(JsonObject activity, DirectLineConversation conversation)
    {
        if (activity["localTimezone"] is JsonValue z && z.TryGetValue<string>(out var zone)
            && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            conversation.TimeZone = zone;
        }

        if (activity["locale"] is JsonValue l && l.TryGetValue<string>(out var locale) && locale.Length <= 35)
        {
            conversation.Locale = locale;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
