using ChangeBot.Core.Checks;
using ChangeBot.Core.Watches;

namespace ChangeBot.Core.Tests.Watches;

/// <summary>What one run owes a channel, judged from the check and the watch's last state.</summary>
public sealed class WatchJudgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private static readonly WatchOptions Options = new();

    private static Watch NewWatch(WatchState? state = null) => new()
    {
        Id = "w1", ChannelKey = "slack:T1:C1", Endpoint = "api.example.com:443", CreatedBy = "slack:U1", CreatedAt = Now,
        State = state ?? new WatchState(),
    };

    private static CheckResult Reached(double daysLeft, string issuer = "CN=CA 1", string root = "CN=Root") => new()
    {
        Target = "api.example.com", Host = "api.example.com", Port = 443, Verdict = CheckVerdict.Ok, RootSubject = root,
        Chain =
        [
            new CertificateInfo("CN=api.example.com", issuer, "01", Now.AddDays(-10), Now.AddDays(daysLeft), "LEAF", "RSA 2048", "sha256RSA"),
            new CertificateInfo(issuer, root, "02", Now.AddYears(-1), Now.AddYears(4), "SHA-" + issuer, "RSA 2048", "sha256RSA"),
        ],
        Trust = [new TrustResult("system", true, "trusted")],
    };

    private static CheckResult Unreached() => CheckResult.Failed(CheckTarget.Parse("api.example.com"), null, new(ProblemCodes.Timeout, "No answer"));

    [Theory]
    [InlineData(40, null)]
    [InlineData(30, "expiry:30:")]
    [InlineData(20, "expiry:30:")]
    [InlineData(5, "expiry:7:")]
    [InlineData(0.5, "expiry:1:")]
    [InlineData(-1, "expired:")]
    public void Expiry_OnlyTheNearestThresholdPassedIsOwed(double daysLeft, string? expected)
    {
        var alerts = WatchJudge.Judge(NewWatch(), Reached(daysLeft), Now, Options).Alerts;

        if (expected is null)
        {
            Assert.Empty(alerts);
        }
        else
        {
            Assert.StartsWith(expected, Assert.Single(alerts), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SameFindingJudgedTwice_OwesTheSameDiscriminators()
    {
        var baseline = WatchJudge.Judge(NewWatch(), Reached(100), Now, Options).State;
        var changed = Reached(5, issuer: "CN=CA 2", root: "CN=Root 2");

        var first = WatchJudge.Judge(NewWatch(baseline), changed, Now, Options).Alerts;
        var again = WatchJudge.Judge(NewWatch(baseline), changed, Now.AddHours(3), Options).Alerts;

        Assert.Equal(3, first.Count);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Unreachable_IsOwedOnTheSecondDayNotTheSecondRunOfADay()
    {
        var state = WatchJudge.Judge(NewWatch(), Unreached(), Now, Options).State;
        var sameDay = WatchJudge.Judge(NewWatch(state), Unreached(), Now.AddHours(2), Options);
        var nextDay = WatchJudge.Judge(NewWatch(sameDay.State), Unreached(), Now.AddDays(1), Options);

        Assert.Empty(sameDay.Alerts);
        Assert.Equal($"unreachable:{Now.UtcTicks}", Assert.Single(nextDay.Alerts));
        Assert.Null(WatchJudge.Judge(NewWatch(nextDay.State), Reached(100), Now.AddDays(2), Options).State.UnreachableSince);
    }
}
