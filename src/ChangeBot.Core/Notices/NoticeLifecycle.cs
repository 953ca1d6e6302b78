namespace ChangeBot.Core.Notices;

/// <summary>draft → published → in-progress (window start) → completed (window end), or cancelled.</summary>
public static class NoticeLifecycle
{
    private static readonly HashSet<(NoticeState From, NoticeState To)> AllowedMoves =
    [
        (NoticeState.Draft, NoticeState.Published),
        (NoticeState.Draft, NoticeState.Cancelled),
        (NoticeState.Published, NoticeState.InProgress),
        // A notice published after its window already ended goes straight to completed.
        (NoticeState.Published, NoticeState.Completed),
        (NoticeState.Published, NoticeState.Cancelled),
        (NoticeState.InProgress, NoticeState.Completed),
        (NoticeState.InProgress, NoticeState.Cancelled),
    ];

    /// <summary>True when a notice may move from <paramref name="from"/> to <paramref name="to"/>.
    /// Staying in the same state is not a move.</summary>
    public static bool CanMove(NoticeState from, NoticeState to) => AllowedMoves.Contains((from, to));

    /// <summary>The notice in its new state, or an <see cref="InvalidOperationException"/> whose message
    /// says which move is not allowed and why ("notice x is cancelled; it cannot be published").</summary>
    public static Notice MoveTo(Notice notice, NoticeState to)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (!CanMove(notice.State, to))
        {
            throw new InvalidOperationException(RefusalMessage(notice.Id, notice.State, to));
        }

        return notice with { State = to };
    }

    /// <summary>The state a published notice should be in at <paramref name="now"/> given its window.
    /// Drafts, completed and cancelled notices keep their state; a notice never moves backwards
    /// (an in-progress notice whose window was moved later stays in progress).</summary>
    public static NoticeState ScheduledState(Notice notice, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.State is not (NoticeState.Published or NoticeState.InProgress))
        {
            return notice.State;
        }

        if (notice.WindowEnd is { } end && now >= end)
        {
            return NoticeState.Completed;
        }

        if (notice.WindowStart is { } start && now >= start)
        {
            return NoticeState.InProgress;
        }

        return notice.State;
    }

    /// <summary>The lower-case word used for a state in messages and chat ("in-progress").</summary>
    public static string Describe(NoticeState state) => state switch
    {
        NoticeState.Draft => "draft",
        NoticeState.Published => "published",
        NoticeState.InProgress => "in-progress",
        NoticeState.Completed => "completed",
        NoticeState.Cancelled => "cancelled",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string RefusalMessage(string id, NoticeState from, NoticeState to)
    {
        var current = from switch
        {
            NoticeState.Draft => "a draft",
            NoticeState.InProgress => "in progress",
            _ => Describe(from),
        };
        if (from == to)
        {
            return $"notice {id} is already {current}";
        }

        var wanted = to switch
        {
            NoticeState.Draft => "moved back to draft",
            NoticeState.InProgress => "started",
            _ => Describe(to),
        };
        var why = (from, to) switch
        {
            (NoticeState.Completed or NoticeState.Cancelled, _) => $"a {Describe(from)} notice is final",
            (NoticeState.Draft, _) => "publish it first",
            (_, NoticeState.Draft) => "a notice that subscribers have seen cannot be withdrawn; cancel it instead",
            _ => "its maintenance window has already started",
        };
        return $"notice {id} is {current}; it cannot be {wanted} ({why})";
    }
}
