namespace ChangeBot.Core.Notices;

/// <summary>draft → published → in-progress (window start) → completed (window end), or cancelled.</summary>
public static class NoticeLifecycle
{
    /// <summary>True when a notice may move from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanMove(NoticeState from, NoticeState to) => throw new NotImplementedException();

    /// <summary>The notice in its new state, or an <see cref="InvalidOperationException"/> whose message
    /// says which move is not allowed and why ("notice x is cancelled; it cannot be published").</summary>
    public static Notice MoveTo(Notice notice, NoticeState to) => throw new NotImplementedException();

    /// <summary>The state a published notice should be in at <paramref name="now"/> given its window.</summary>
    public static NoticeState ScheduledState(Notice notice, DateTimeOffset now) => throw new NotImplementedException();
}
