using ChangeBot.Slack.WebApi;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Tests.Slack;

/// <summary>The Retry-After gate and per-channel pacing, on a fake clock.</summary>
public sealed class SlackRateLimiterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Gate_After429_HoldsEveryCallOfThatMethodAndWorkspaceUntilRetryAfter()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var limiter = new SlackRateLimiter(new SlackClientTuning(), time);
        limiter.Block("chat.postMessage", "T1", TimeSpan.FromSeconds(5));

        var sameWorkspace = limiter.WaitForRetryAfterAsync("chat.postMessage", "T1", Ct);
        var otherWorkspace = limiter.WaitForRetryAfterAsync("chat.postMessage", "T2", Ct);
        var otherMethod = limiter.WaitForRetryAfterAsync("chat.update", "T1", Ct);
        time.Advance(TimeSpan.FromSeconds(4.9));
        var stillHeld = sameWorkspace.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(0.1));
        await sameWorkspace;

        Assert.False(stillHeld);
        Assert.True(otherWorkspace.IsCompletedSuccessfully);
        Assert.True(otherMethod.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Gate_RetryAfterBeyondInlineWait_ThrowsRateLimitedWithRemainingWait()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlackRateLimiter(new SlackClientTuning { MaxInlineRetryAfter = TimeSpan.FromSeconds(30) }, time);
        limiter.Block("chat.postMessage", "T1", TimeSpan.FromMinutes(2));

        var e = await Assert.ThrowsAsync<SlackApiException>(() => limiter.WaitForRetryAfterAsync("chat.postMessage", "T1", Ct));

        Assert.Equal(SlackErrorKind.RateLimited, e.Kind);
        Assert.Equal(TimeSpan.FromMinutes(2), e.RetryAfter);
    }

    [Fact]
    public async Task Channel_Pacing_SpacesPostsExactlyOneIntervalApartInArrivalOrder()
    {
        var time = new FakeTimeProvider();
        // The workspace's pace is off here: this is about the channel's alone (SlackWorkspacePacingTests).
        using var limiter = new SlackRateLimiter(new SlackClientTuning { PerChannelInterval = TimeSpan.FromSeconds(1), WorkspacePostInterval = TimeSpan.Zero }, time);

        using var first = await limiter.AcquireAsync("chat.postMessage", "T1", "C1", Ct);
        var second = limiter.AcquireAsync("chat.postMessage", "T1", "C1", Ct).AsTask();
        var third = limiter.AcquireAsync("chat.postMessage", "T1", "C1", Ct).AsTask();
        using var otherChannel = await limiter.AcquireAsync("chat.postMessage", "T1", "C2", Ct);
        time.Advance(TimeSpan.FromMilliseconds(999));
        var secondEarly = second.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        (await second).Dispose();
        var thirdEarly = third.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));
        (await third).Dispose();

        Assert.False(secondEarly);
        Assert.False(thirdEarly);
    }
}

/// <summary>chat.postMessage's workspace-wide pace: configured, slowed by repeated 429s, recovered by posts.</summary>
public sealed class SlackWorkspacePacingTests
{
    private static readonly SlackClientTuning Tuning = new()
    {
        WorkspacePostInterval = TimeSpan.FromMilliseconds(100),
        WorkspacePostBackoff = 1.25,
        WorkspacePostRecoverAfter = 10,
        PerChannelInterval = TimeSpan.FromSeconds(1),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pace_PostsToDifferentChannelsOfOneWorkspace_AreSpacedOneIntervalApart()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlackRateLimiter(Tuning, time);

        using var first = await limiter.AcquireAsync("chat.postMessage", "T1", "C1", Ct);
        var second = limiter.AcquireAsync("chat.postMessage", "T1", "C2", Ct).AsTask();
        using var otherWorkspace = await limiter.AcquireAsync("chat.postMessage", "T2", "C1", Ct);
        using var otherMethod = await limiter.AcquireAsync("chat.update", "T1", "C3", Ct);
        time.Advance(TimeSpan.FromMilliseconds(99));
        var secondEarly = second.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        (await second).Dispose();

        Assert.False(secondEarly);
    }

    [Fact]
    public async Task Pace_After429_GivesNoSlotBeforeRetryAfterAndSpacesTheHeldPostsAfterIt()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlackRateLimiter(Tuning, time);
        limiter.Block("chat.postMessage", "T1", TimeSpan.FromSeconds(2));

        var first = limiter.AcquireAsync("chat.postMessage", "T1", "C1", Ct).AsTask();
        var second = limiter.AcquireAsync("chat.postMessage", "T1", "C2", Ct).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(1999));
        var firstEarly = first.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        (await first).Dispose();
        var secondWithFirst = second.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(100));
        (await second).Dispose();

        Assert.False(firstEarly);
        Assert.False(secondWithFirst);
    }

    [Fact]
    public void Pace_One429_KeepsThePaceButASecondWithinRecoverAfterPostsSlowsThatWorkspaceOnly()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlackRateLimiter(Tuning, time);

        limiter.Block("chat.postMessage", "T1", TimeSpan.FromSeconds(1));
        var afterOne = limiter.WorkspacePostInterval("T1");
        time.Advance(TimeSpan.FromSeconds(1));
        limiter.Succeeded("chat.postMessage", "T1");
        limiter.Block("chat.postMessage", "T1", TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(100), afterOne);
        Assert.Equal(TimeSpan.FromMilliseconds(125), limiter.WorkspacePostInterval("T1"));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.WorkspacePostInterval("T2"));
    }

    [Fact]
    public void Pace_429sOfPostsAlreadyInFlight_CountAsOne()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlackRateLimiter(Tuning, time);

        for (var i = 0; i < 16; i++)
        {
            limiter.Block("chat.postMessage", "T1", TimeSpan.FromSeconds(1));
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.WorkspacePostInterval("T1"));
    }

    [Fact]
    public void Pace_SlowedWorkspace_StepsBackTowardConfiguredPaceAfterRecoverAfterPostsWithout429()
    {
        var time = new FakeTimeProvider();
        using var limiter = new SlackRateLimiter(Tuning, time);
        limiter.Block("chat.postMessage", "T1", TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        limiter.Block("chat.postMessage", "T1", TimeSpan.FromSeconds(1));
        var slowed = limiter.WorkspacePostInterval("T1");

        for (var i = 0; i < 9; i++)
        {
            limiter.Succeeded("chat.postMessage", "T1");
        }

        var beforeTenth = limiter.WorkspacePostInterval("T1");
        limiter.Succeeded("chat.postMessage", "T1");
        var afterTenth = limiter.WorkspacePostInterval("T1");
        for (var i = 0; i < 100; i++)
        {
            limiter.Succeeded("chat.postMessage", "T1");
        }

        Assert.Equal(slowed, beforeTenth);
        Assert.InRange(afterTenth, TimeSpan.FromMilliseconds(100.1), slowed - TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(100), limiter.WorkspacePostInterval("T1"));
    }
}
