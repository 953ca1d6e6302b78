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
