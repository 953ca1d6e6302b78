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
        using var limiter = new SlackRateLimiter(new SlackClientTuning { PerChannelInterval = TimeSpan.FromSeconds(1) }, time);

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
