using ChangeBot.Core.Answers;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Conversations;

/// <summary>
/// How a notice looks in chat: broadcasts and <c>notice &lt;id&gt;</c> both use it. Pure: the same notice
/// always renders the same reply; instants are <see cref="TimeMarkup"/> markers for the adapters.
/// </summary>
public static class NoticeReplies
{
    public static Reply Render(Notice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return new Reply
        {
            Title = notice.Title,
            Severity = notice.Severity,
            Text = PassageDocuments.Introduction(notice),
            Facts = Facts(notice),
            Sections = [.. notice.Sections.Select(s => new ReplySection(s.Heading, s.Text.Trim()))],
            Buttons = Buttons(notice),
            NoticeId = notice.Id,
        };
    }

    /// <summary>
    /// Page <paramref name="page"/> (from 1) of the notice for a platform showing <paramref name="maxChars"/> characters
    /// in one part: page 1 is <see cref="Render"/> with the sections that fit, the rest follow in order, a long section
    /// continued over pages, each page but the last with a "Next page" button. Null when there is no such page.
    /// </summary>
    public static Reply? Page(Notice notice, int page, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var whole = Render(notice);
        var pages = Paginate(whole, maxChars);
        if (page < 1 || page > pages.Count)
        {
            return null;
        }

        if (pages.Count == 1)
        {
            return whole;
        }

        var sections = pages[page - 1];
        var title = $"{notice.Title} (page {page} of {pages.Count})";
        var next = page < pages.Count
            ? new ReplyButton("Next page", ButtonAction.ShowNoticePage(notice.Id, page + 1), ButtonStyle.Primary)
            : null;
        return page == 1
            ? whole with { Title = title, Sections = sections, Buttons = [.. next is null ? [] : new[] { next }, .. whole.Buttons] }
            : new Reply { Title = title, Severity = notice.Severity, Sections = sections, NoticeId = notice.Id, Buttons = next is null ? [] : [next] };
    }

    /// <summary>The sections of each page: page 1 after the introduction, each page at most
    /// <paramref name="maxChars"/> characters of text (a section longer than that continued on the next).</summary>
    private static List<List<ReplySection>> Paginate(Reply whole, int maxChars)
    {
        var pages = new List<List<ReplySection>> { new() };
        var used = whole.Text.Length;
        foreach (var section in whole.Sections)
        {
            var pieces = ReplyLimits.Split(section.Text, maxChars);
            for (var i = 0; i < pieces.Count; i++)
            {
                if (used + pieces[i].Length > maxChars && (pages[^1].Count > 0 || pages.Count == 1))
                {
                    pages.Add([]);
                    used = 0;
                }

                pages[^1].Add(new ReplySection(i == 0 ? section.Heading : section.Heading + " (continued)", pieces[i]));
                used += pieces[i].Length;
            }
        }

        return pages;
    }

    /// <summary>The test endpoint's host (with a port other than 443), which <c>check</c> accepts.</summary>
    public static string? TestHost(Notice notice)
    {
        var endpoint = notice.Endpoints.Select(e => e.Test).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (endpoint is null)
        {
            return null;
        }

        return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Host.Length > 0
            ? uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}"
            : endpoint.Trim();
    }

    private static List<ReplyFact> Facts(Notice notice)
    {
        var facts = new List<ReplyFact>();
        if (notice.State is not NoticeState.Published)
        {
            facts.Add(new("Status", StateName(notice.State)));
        }

        if (notice.WindowStart is { } start)
        {
            facts.Add(new("Window starts", TimeMarkup.Mark(start)));
        }

        if (notice.WindowEnd is { } end)
        {
            facts.Add(new("Window ends", TimeMarkup.Mark(end)));
        }

        if (notice.ActionDeadline is { } deadline)
        {
            facts.Add(new("Action deadline", TimeMarkup.Mark(deadline)));
        }

        if (notice.Downtime is { } downtime)
        {
            facts.Add(new("Downtime", downtime switch
            {
                Downtime.None => "none expected",
                Downtime.Partial => "partial",
                _ => "full",
            }));
        }

        if (notice.Endpoints.Select(e => e.Test).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) is { } test)
        {
            facts.Add(new("Test endpoint", test));
        }

        var appliesTo = notice.Products.Concat(notice.Environments).ToList();
        if (appliesTo.Count > 0)
        {
            facts.Add(new("Applies to", string.Join(", ", appliesTo)));
        }

        return facts;
    }

    private static List<ReplyButton> Buttons(Notice notice)
    {
        // Nothing left to answer for a cancelled or finished change.
        if (notice.State is NoticeState.Cancelled or NoticeState.Completed)
        {
            return [];
        }

        List<ReplyButton> buttons = [.. AnswerButtons(notice)];
        if (TestHost(notice) is { } host)
        {
            buttons.Add(new("Check an endpoint", ButtonAction.CheckEndpoint(notice.Id, host)));
        }

        return buttons;
    }

    /// <summary>The three answers a channel can give ("We're ready", "Not affected", "Need help"), also
    /// used under reminders.</summary>
    public static IReadOnlyList<ReplyButton> AnswerButtons(Notice notice) =>
    [
        new("We're ready", ButtonAction.Acknowledge(notice.Id, "ready"), ButtonStyle.Primary),
        new("Not affected", ButtonAction.Acknowledge(notice.Id, "not-affected")),
        new("Need help", ButtonAction.Acknowledge(notice.Id, "need-help"), ButtonStyle.Danger),
    ];

    internal static string StateName(NoticeState state) => state switch
    {
        NoticeState.InProgress => "in progress",
        _ => state.ToString().ToLowerInvariant(),
    };
}
