using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static ChannelCheck Check(string channel, DateTimeOffset at, CheckVerdict verdict = CheckVerdict.Ok, string notice = "n1", params string[] problems) =>
        new(notice, channel, "slack:U1", at, "api.example.com", verdict, problems);

    [Fact]
    public async Task ListLatestChannelChecks_SeveralPerChannel_ReturnsTheNewestOfEachByChannelWithEveryField()
    {
        var c2Old = Check("slack:T1:C2", Samples.T0, CheckVerdict.Ok);
        var c2New = Check("slack:T1:C2", Samples.T0.AddMinutes(5), CheckVerdict.Problems, "n1", "untrusted-root", "expiring-soon") with { UserId = "slack:U2" };
        var c1 = Check("slack:T1:C1", Samples.T0.AddMinutes(1), CheckVerdict.Error, "n1", "timeout");
        var teams = Check("teams:tenant:19:abc|def@thread.tacv2;messageid=1", Samples.T0);
        foreach (var check in new[] { c2Old, c1, c2New, teams, Check("slack:T1:C1", Samples.T0.AddDays(1), notice: "n2") })
        {
            await Store.AddChannelCheckAsync(check, Ct);
        }

        var store = Reopen();
        AssertSameAll([c1, c2New, teams], await store.ListLatestChannelChecksAsync("n1", Ct));
        Assert.Empty(await store.ListLatestChannelChecksAsync("n3", Ct));
    }

    [Fact]
    public async Task AddChannelCheck_OlderThanTheStoredOne_IsIgnoredButTheSameInstantReplaces()
    {
        var newer = Check("slack:T1:C1", Samples.T0.AddMinutes(5), CheckVerdict.Problems, "n1", "hostname-mismatch");
        await Store.AddChannelCheckAsync(newer, Ct);

        await Store.AddChannelCheckAsync(Check("slack:T1:C1", Samples.T0), Ct);
        AssertSameAll([newer], await Reopen().ListLatestChannelChecksAsync("n1", Ct));

        var sameInstant = newer with { Verdict = CheckVerdict.Ok, Problems = [], At = newer.At.ToOffset(TimeSpan.FromHours(2)) };
        await Store.AddChannelCheckAsync(sameInstant, Ct);
        AssertSameAll([sameInstant], await Reopen().ListLatestChannelChecksAsync("n1", Ct));
    }

    [Fact]
    public async Task AddChannelCheck_RacingWritersForOneChannel_KeepsTheNewest()
    {
        var store = Store;
        var checks = Enumerable.Range(0, 8).Select(i => Check("slack:T1:C1", Samples.T0.AddSeconds(i)) with { UserId = $"slack:U{i}" }).ToList();

        await RaceAsync(checks.Count, async i =>
        {
            await store.AddChannelCheckAsync(checks[i], Ct);
            return i;
        });

        AssertSameAll([checks[^1]], await Reopen().ListLatestChannelChecksAsync("n1", Ct));
    }
}
