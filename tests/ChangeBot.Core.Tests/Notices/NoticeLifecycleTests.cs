using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Notices;

public sealed class NoticeLifecycleTests
{
    private static readonly (NoticeState From, NoticeState To)[] Allowed =
    [
        (NoticeState.Draft, NoticeState.Published),
        (NoticeState.Draft, NoticeState.Cancelled),
        (NoticeState.Published, NoticeState.InProgress),
        (NoticeState.Published, NoticeState.Completed),
        (NoticeState.Published, NoticeState.Cancelled),
        (NoticeState.InProgress, NoticeState.Completed),
        (NoticeState.InProgress, NoticeState.Cancelled),
    ];

    private static readonly DateTimeOffset Start = new(2016, 12, 6, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = new(2016, 12, 6, 19, 0, 0, TimeSpan.Zero);

    /// <summary>Every (from, to) pair of states, with whether the move is allowed: the whole table.</summary>
    public static TheoryData<NoticeState, NoticeState, bool> Moves()
    {
        var data = new TheoryData<NoticeState, NoticeState, bool>();
        foreach (var from in Enum.GetValues<NoticeState>())
        {
            foreach (var to in Enum.GetValues<NoticeState>())
            {
                data.Add(from, to, Allowed.Contains((from, to)));
            }
        }

        return data;
    }

    private static Notice NoticeIn(NoticeState state) => new()
    {
        Id = "api-sandbox-tls-certificate",
        Title = "TLS change",
        State = state,
        WindowStart = Start,
        WindowEnd = End,
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void CanMove_EveryPairOfStates_MatchesTheLifecycle(NoticeState from, NoticeState to, bool allowed) =>
        Assert.Equal(allowed, NoticeLifecycle.CanMove(from, to));

    [Theory]
    [MemberData(nameof(Moves))]
    public void MoveTo_EveryPairOfStates_MovesOrRefusesWithTheNoticeAndBothStates(NoticeState from, NoticeState to, bool allowed)
    {
        var notice = NoticeIn(from);
        if (allowed)
        {
            var moved = NoticeLifecycle.MoveTo(notice, to);
            Assert.Equal(to, moved.State);
            Assert.Equal(notice with { State = to }, moved);
            Assert.Equal(from, notice.State);
            return;
        }

        var ex = Assert.Throws<InvalidOperationException>(() => NoticeLifecycle.MoveTo(notice, to));
        Assert.StartsWith("notice api-sandbox-tls-certificate is ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NoticeState.Cancelled, NoticeState.Published, "notice api-sandbox-tls-certificate is cancelled; it cannot be published (a cancelled notice is final)")]
    [InlineData(NoticeState.Completed, NoticeState.Cancelled, "notice api-sandbox-tls-certificate is completed; it cannot be cancelled (a completed notice is final)")]
    [InlineData(NoticeState.Draft, NoticeState.InProgress, "notice api-sandbox-tls-certificate is a draft; it cannot be started (publish it first)")]
    [InlineData(NoticeState.Draft, NoticeState.Completed, "notice api-sandbox-tls-certificate is a draft; it cannot be completed (publish it first)")]
    [InlineData(NoticeState.Published, NoticeState.Draft, "notice api-sandbox-tls-certificate is published; it cannot be moved back to draft (a notice that subscribers have seen cannot be withdrawn; cancel it instead)")]
    [InlineData(NoticeState.InProgress, NoticeState.Published, "notice api-sandbox-tls-certificate is in progress; it cannot be published (its maintenance window has already started)")]
    [InlineData(NoticeState.Published, NoticeState.Published, "notice api-sandbox-tls-certificate is already published")]
    [InlineData(NoticeState.Draft, NoticeState.Draft, "notice api-sandbox-tls-certificate is already a draft")]
    public void MoveTo_RefusedMove_SaysWhichAndWhy(NoticeState from, NoticeState to, string message)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => NoticeLifecycle.MoveTo(NoticeIn(from), to));

        Assert.Equal(message, ex.Message);
    }

    public static TheoryData<NoticeState, int, NoticeState> Schedule => new()
    {
        // (state now, minutes relative to window start, expected state); the window is 240 minutes long.
        { NoticeState.Published, -1, NoticeState.Published },
        { NoticeState.Published, 0, NoticeState.InProgress },
        { NoticeState.Published, 239, NoticeState.InProgress },
        { NoticeState.Published, 240, NoticeState.Completed },
        { NoticeState.Published, 10_000, NoticeState.Completed },
        { NoticeState.InProgress, 120, NoticeState.InProgress },
        { NoticeState.InProgress, 240, NoticeState.Completed },
        // Never backwards: a window moved later does not un-start an in-progress notice.
        { NoticeState.InProgress, -60, NoticeState.InProgress },
        { NoticeState.Draft, 120, NoticeState.Draft },
        { NoticeState.Draft, 10_000, NoticeState.Draft },
        { NoticeState.Cancelled, 120, NoticeState.Cancelled },
        { NoticeState.Completed, -60, NoticeState.Completed },
    };

    [Theory]
    [MemberData(nameof(Schedule))]
    public void ScheduledState_AtATimeAroundTheWindow_FollowsTheWindow(NoticeState state, int minutesFromStart, NoticeState expected)
    {
        var scheduled = NoticeLifecycle.ScheduledState(NoticeIn(state), Start.AddMinutes(minutesFromStart));

        Assert.Equal(expected, scheduled);
        Assert.True(scheduled == state || NoticeLifecycle.CanMove(state, scheduled), $"{state} -> {scheduled} is not an allowed move");
    }

    [Fact]
    public void ScheduledState_PublishedWithoutWindow_StaysPublished()
    {
        var notice = NoticeIn(NoticeState.Published) with { WindowStart = null, WindowEnd = null };

        Assert.Equal(NoticeState.Published, NoticeLifecycle.ScheduledState(notice, End.AddYears(1)));
    }
}
