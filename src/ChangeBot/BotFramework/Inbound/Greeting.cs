using ChangeBot.BotFramework.Schema;

namespace ChangeBot.BotFramework.Inbound;

/// <summary>What ChangeBot says when it is added to a chat or team.</summary>
internal static class Greeting
{
    public static string For(Activity activity)
    {
        var name = string.IsNullOrWhiteSpace(activity.Recipient?.Name) ? "ChangeBot" : activity.Recipient.Name;
        var how = ActivityTranslator.IsDirect(activity)
            ? "Type **subscribe** to get vendor change notices here, **notices** to see the current ones, or **help** for everything I can do."
            : $"Mention me (**@{name}**) with **subscribe** to get vendor change notices in this conversation, or with **help** for everything I can do.";
        return $"Hello! I'm {name}. I post vendor change notices, remind you before deadlines, answer questions about them and check your endpoints' certificate chains. {how}";
    }
}
