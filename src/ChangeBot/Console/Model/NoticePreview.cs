using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.BotFramework.Cards;
using ChangeBot.BotFramework.Schema;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.DirectLine;
using ChangeBot.Slack.Rendering;

namespace ChangeBot.SupportConsole;

/// <summary>
/// A pasted notice as the importer reads it (its file:line errors) and, when it has none, as each platform
/// would show its broadcast: the Slack message (fallback text and Block Kit), the Teams activity (Adaptive Card)
/// and the web chat's text. Each is drawn by the adapter's own renderer from the same reply the delivery engine
/// sends (<see cref="Core.Deliveries.DeliveryContent.NoticeCard"/>), so the preview cannot drift from what goes
/// out. Nothing is stored.
/// </summary>
internal sealed record NoticePreview(Notice? Notice, IReadOnlyList<NoticeError> Errors, string? SlackJson, string? TeamsJson, string? WebChatText)
{
    /// <summary>The name errors carry (<c>notice.md:12: …</c>).</summary>
    public const string SourceName = "notice.md";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public bool Valid => Errors.Count == 0 && Notice is not null;

    /// <param name="kept">the edited notice's stored bundle, which the text may keep by naming its file.</param>
    public static NoticePreview Of(NoticeImporter importer, string text, KeptBundle? kept = null)
    {
        ArgumentNullException.ThrowIfNull(importer);
        text ??= "";
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > NoticeLimits.MaxNoticeBytes)
        {
            return new NoticePreview(null, [new NoticeError(SourceName, NoticeError.NoLine, NoticeLimits.TooLarge(bytes))], null, null, null);
        }

        var parsed = importer.Parse(text, SourceName, kept);
        if (parsed.Notice is not { } notice || parsed.Errors.Count > 0)
        {
            return new NoticePreview(null, parsed.Errors, null, null, null);
        }

        return Of(notice);
    }

    /// <summary>The renderings of a notice already read (a stored one).</summary>
    public static NoticePreview Of(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var reply = Core.Deliveries.DeliveryContent.NoticeCard(notice);
        return new NoticePreview(notice, [], Slack(reply), Teams(reply), ReplyActivity.PlainText(reply, notice.TimeZone));
    }

    private static string Slack(Reply reply)
    {
        var message = BlockKitRenderer.Render(reply);
        return new JsonObject { ["text"] = message.Text, ["blocks"] = message.Blocks.DeepClone() }.ToJsonString(Indented);
    }

    private static string? Teams(Reply reply)
    {
        if (ReplyActivityBuilder.Build(reply, null) is not { } activity)
        {
            return null;
        }

        var node = JsonSerializer.SerializeToNode(activity, BotFrameworkJson.Default.OutboundActivity);
        return node!.ToJsonString(Indented);
    }
}
