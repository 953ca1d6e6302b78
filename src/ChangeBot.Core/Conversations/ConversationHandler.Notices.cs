using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;

namespace ChangeBot.Core.Conversations;

public sealed partial class ConversationHandler
{
    /// <summary>How many notices 'notices' lists (newest windows first among the current ones).</summary>
    private const int MaxListed = 15;

    private async Task<Reply> ListNoticesAsync(bool isSupport, CancellationToken ct)
    {
        var all = await notices.ListNoticesAsync(ct);
        var shown = all
            .Where(n => isSupport || n.State is NoticeState.Published or NoticeState.InProgress)
            .OrderBy(n => n.State is NoticeState.Completed or NoticeState.Cancelled ? 1 : 0)
            .ThenBy(n => n.WindowStart ?? n.ActionDeadline ?? DateTimeOffset.MaxValue)
            .Take(MaxListed)
            .ToList();
        if (shown.Count > 0)
        {
            return Listed("Notices:", shown);
        }

        // Nothing current (a first local run holds only the sample, whose maintenance ended in 2016): the
        // notices that ended last can still be read and asked about, so they are offered rather than nothing.
        var ended = all
            .Where(n => n.State is NoticeState.Completed or NoticeState.Cancelled)
            .OrderByDescending(n => n.WindowEnd ?? n.WindowStart ?? n.ActionDeadline ?? DateTimeOffset.MinValue)
            .Take(MaxEndedListed)
            .ToList();
        return ended.Count == 0 ? Reply.Plain("There are no current notices.") : Listed("There are no current notices. Recently ended:", ended);
    }

    /// <summary>How many ended notices 'notices' offers when none is current.</summary>
    private const int MaxEndedListed = 3;

    private static Reply Listed(string heading, IReadOnlyList<Notice> shown)
    {
        var lines = shown.Select(n =>
            $"• {n.Title} ({n.Id}, {NoticeReplies.StateName(n.State)})" + (n.WindowStart is { } start ? $", window {TimeMarkup.Mark(start)}" : ""));
        return new Reply
        {
            Text = heading + "\n" + string.Join('\n', lines),
            Buttons = [.. shown.Take(5).Select(n => new ReplyButton($"Open {n.Id}", ButtonAction.ShowNotice(n.Id)))],
        };
    }

    private async Task<Reply> ShowNoticeAsync(IReadOnlyList<string> args, int? replyLimit, bool isSupport, CancellationToken ct)
    {
        var id = args[0];
        var page = args.Count > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var notice = await notices.GetNoticeAsync(id.ToLowerInvariant(), ct);

        // Drafts are support's work in progress; to everyone else they do not exist yet.
        if (notice is null || (notice.State == NoticeState.Draft && !isSupport))
        {
            return Reply.Plain($"There is no notice '{id}'. Type 'notices' to see the current ones.", isPrivate: true);
        }

        if (replyLimit is not { } limit)
        {
            return page == 1 ? NoticeReplies.Render(notice) : Reply.Plain($"'{notice.Id}' is shown whole here; it has no page {page}.", isPrivate: true);
        }

        return NoticeReplies.Page(notice, page, limit)
            ?? Reply.Plain($"'{notice.Id}' has fewer than {page} pages; say 'notice {notice.Id}' for the first.", isPrivate: true);
    }

    private async Task<Reply> CheckAsync(IncomingMessage message, IReadOnlyList<string> args, CancellationToken ct)
    {
        var noticeId = args.Count == 3 ? args[2].ToLowerInvariant() : null;
        return await checks.CheckAsync(args[0], noticeId, message, ct);
    }

    /// <summary><c>check</c> followed by pasted certificates, optionally ending in <c>for &lt;notice-id&gt;</c>.</summary>
    private Task<Reply> CheckPastedChainAsync(IncomingMessage message, string rest, CancellationToken ct)
    {
        var end = rest.LastIndexOf("-----", StringComparison.Ordinal);
        var tail = end < 0 ? [] : rest[(end + 5)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var noticeId = tail is [var word, var id] && string.Equals(word, "for", StringComparison.OrdinalIgnoreCase) && ChatCommands.IsSlug(id.ToLowerInvariant())
            ? id.ToLowerInvariant()
            : null;
        return checks.CheckChainAsync(noticeId is null ? rest : rest[..(end + 5)], noticeId, message, ct);
    }

    private async Task<Reply> AcknowledgeAsync(IncomingMessage message, IReadOnlyList<string> args, CancellationToken ct)
    {
        var answer = (args.Count > 1 ? args[1].ToLowerInvariant() : "ready") switch
        {
            "not-affected" => AckAnswer.NotAffected,
            "need-help" => AckAnswer.NeedHelp,
            _ => AckAnswer.Ready,
        };
        var result = await operations.AcknowledgeAsync(args[0].ToLowerInvariant(), answer, message.Address, Actor(message), ct);
        return result.Reply;
    }

    /// <summary>Chat actions are audited under the platform-qualified user, with the platform as the surface.</summary>
    private static Actor Actor(IncomingMessage message) => new(message.UserId, message.Address.Platform);
}
