using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.BotFramework.Cards;
using ChangeBot.BotFramework.Schema;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Turns;

namespace ChangeBot.BotFramework.Inbound;

/// <summary>Pure translation from Bot Framework activities to the core's <see cref="IncomingMessage"/>.</summary>
internal static class ActivityTranslator
{
    private const string ThreadMarker = ";messageid=";

    public const int MaxConversationIdLength = 512;

    /// <summary>Entra tenant ids are GUIDs; a little room for other channels' forms.</summary>
    public const int MaxTenantIdLength = 128;

    /// <summary>What makes an activity unusable (answered 400), or null when it is well formed.</summary>
    public static string? Problem(Activity activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "the activity has no type";
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return "the activity has no absolute serviceUrl";
        }

        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return "the activity has no channelId";
        }

        if (activity.Type is not ("message" or "conversationUpdate" or "installationUpdate"))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "the activity has no conversation.id";
        }

        // Teams' longest ids (a channel thread's "19:…@thread.tacv2;messageid=…") are a few hundred characters;
        // the id becomes part of a store key, which must stay small.
        if (activity.Conversation.Id.Length > MaxConversationIdLength)
        {
            return $"the activity's conversation.id is longer than {MaxConversationIdLength} characters";
        }

        if (string.IsNullOrWhiteSpace(activity.Recipient?.Id))
        {
            return "the activity has no recipient.id";
        }

        if (activity.Type == "message" && string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return "the message has no from.id";
        }

        return TenantId(activity) switch
        {
            null => "the activity names no tenant (channelData.tenant.id)",
            { Length: > MaxTenantIdLength } => $"the activity's tenant id is longer than {MaxTenantIdLength} characters",
            _ => null,
        };
    }

    public static string? TenantId(Activity activity) =>
        NullIfBlank(activity.ChannelData?.Tenant?.Id) ?? NullIfBlank(activity.Conversation?.TenantId);

    /// <summary>The conversation without a channel thread's <c>;messageid=</c> suffix: subscriptions belong to the channel.</summary>
    public static string BaseConversationId(string conversationId)
    {
        var cut = conversationId.IndexOf(ThreadMarker, StringComparison.OrdinalIgnoreCase);
        return cut < 0 ? conversationId : conversationId[..cut];
    }

    public static string ThreadConversationId(string conversationId, string threadMessageId) =>
        BaseConversationId(conversationId) + ThreadMarker + threadMessageId;

    public static ConversationAddress Address(Activity activity) =>
        new(Platforms.Teams, TenantId(activity)!, BaseConversationId(activity.Conversation!.Id!));

    /// <summary>
    /// <c>msteams:</c> + the user's Entra object id when Teams sends it, else the Teams user id. The object id
    /// is the same for every bot and is what an admin finds in the directory, so it is what
    /// <c>ChangeBot:SupportUsers</c> should list; <c>29:</c> ids differ per bot.
    /// </summary>
    public static string UserId(ChannelAccount from) => $"{Platforms.Teams}:{NullIfBlank(from.AadObjectId) ?? from.Id}";

    public static string ConversationType(Activity activity) =>
        activity.Conversation?.ConversationType ?? (activity.Conversation?.IsGroup == true ? "groupChat" : "personal");

    public static bool IsDirect(Activity activity) => ConversationType(activity) == "personal";

    public static bool MentionsBot(Activity activity) => BotMentions(activity).Any();

    /// <summary>Removes the bot's own <c>&lt;at&gt;</c> mention (as Bot Builder's RemoveRecipientMention does), non-breaking spaces and outer whitespace.</summary>
    public static string StripBotMention(Activity activity)
    {
        var text = activity.Text ?? "";
        foreach (var mention in BotMentions(activity))
        {
            var markup = NullIfBlank(mention.Text) ?? $"<at>{mention.Mentioned?.Name}</at>";
            text = text.Replace(markup, " ", StringComparison.OrdinalIgnoreCase);
        }

        return text.Replace("&nbsp;", " ", StringComparison.OrdinalIgnoreCase).Replace('\u00a0', ' ').Trim();
    }

    /// <summary>A card button press: the text of its typed action (with the typed endpoint when it asked for one),
    /// or the command text of a card sent before buttons carried typed actions.</summary>
    public static (string Command, string? NoticeId)? SubmittedCommand(Activity activity)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        var noticeId = value.TryGetProperty(AdaptiveCardRenderer.NoticeKey, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (value.TryGetProperty(AdaptiveCardRenderer.ActionKey, out var actionElement)
            && actionElement.ValueKind == JsonValueKind.Object
            && ButtonActionJson.Read(JsonObject.Create(actionElement)) is { } action)
        {
            var target = value.TryGetProperty(AdaptiveCardRenderer.TargetInputId, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return (CommandParser.Text(action, target), noticeId ?? action.NoticeId);
        }

        return value.TryGetProperty(AdaptiveCardRenderer.LegacyCommandKey, out var legacy) && legacy.ValueKind == JsonValueKind.String
            && legacy.GetString()?.Trim() is { Length: > 0 } command
            ? (command, noticeId)
            : null;
    }

    /// <summary>The message for the core, or null when it is not for the bot (a channel message that does not mention it).</summary>
    public static IncomingMessage? ToIncomingMessage(Activity activity)
    {
        var submitted = SubmittedCommand(activity);
        string text;
        if (submitted is { } pressed)
        {
            text = pressed.Command;
        }
        else if (IsDirect(activity) || MentionsBot(activity))
        {
            text = StripBotMention(activity);
            if (text.Length == 0)
            {
                // A bare "@ChangeBot" (or an empty card submit) asks for attention: show what it can do.
                text = "help";
            }
        }
        else
        {
            return null;
        }

        return new IncomingMessage
        {
            Address = Address(activity),
            ReplyLimit = ReplyLimits.Teams,
            UserId = UserId(activity.From!),
            UserName = NullIfBlank(activity.From!.Name),
            Text = text,
            IsDirect = IsDirect(activity),
            ContextNoticeId = submitted?.NoticeId,
            UserTimeZone = NullIfBlank(activity.Entities?.FirstOrDefault(e => e.Type == "clientInfo")?.Timezone) ?? NullIfBlank(activity.LocalTimezone),
        };
    }

    private static IEnumerable<Entity> BotMentions(Activity activity) =>
        (activity.Entities ?? []).Where(e => e.Type == "mention" && e.Mentioned?.Id is { } id
            && string.Equals(id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
