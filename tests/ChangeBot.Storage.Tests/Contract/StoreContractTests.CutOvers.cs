using ChangeBot.Core.CutOvers;

namespace ChangeBot.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    private static CutOverObservation CutOver(int sequence, CutOverState state, string notice = "n1", string endpoint = "api.example.com") =>
        new(notice, sequence, endpoint, state, Samples.T0.AddMinutes(sequence * 7).ToOffset(TimeSpan.FromHours(-8)));

    [Fact]
    public async Task ListCutOvers_SeveralNotices_ReturnsTheNoticesOwnBySequenceWithEveryField()
    {
        var live = CutOver(1, CutOverState.Live);
        var back = CutOver(2, CutOverState.RolledBack, endpoint: "https://api.example.com:8443/v1");
        var again = CutOver(12, CutOverState.Live);
        foreach (var observation in new[] { again, live, CutOver(1, CutOverState.Live, notice: "n2"), back })
        {
            Assert.True(await Store.TryAddCutOverAsync(observation, Ct));
        }

        var store = Reopen();
        AssertSameAll([live, back, again], await store.ListCutOversAsync("n1", Ct));
        Assert.Empty(await store.ListCutOversAsync("n3", Ct));
    }

    [Fact]
    public async Task TryAddCutOver_SequenceAlreadyRecorded_KeepsTheFirstAndSaysSo()
    {
        var first = CutOver(1, CutOverState.Live);
        Assert.True(await Store.TryAddCutOverAsync(first, Ct));

        Assert.False(await Reopen().TryAddCutOverAsync(first with { State = CutOverState.RolledBack, FirstSeen = Samples.T0.AddDays(1) }, Ct));
        AssertSameAll([first], await Reopen().ListCutOversAsync("n1", Ct));
    }

    [Fact]
    public async Task TryAddCutOver_RacingWritersOfOneSequence_ExactlyOneWins()
    {
        var store = Store;
        var wins = await RaceAsync(8, i => store.TryAddCutOverAsync(CutOver(1, CutOverState.Live, endpoint: $"e{i}.example.com"), Ct));

        Assert.Single(wins, won => won);
        var kept = Assert.Single(await Reopen().ListCutOversAsync("n1", Ct));
        Assert.Equal($"e{Array.IndexOf(wins, true)}.example.com", kept.Endpoint);
    }

    [Fact]
    public async Task TryClaimCutOverProbe_WithinTheInterval_IsRefusedUntilItHasPassedPerEndpoint()
    {
        var interval = TimeSpan.FromMinutes(2);
        Assert.True(await Store.TryClaimCutOverProbeAsync("n1", "api.example.com", Samples.T0, interval, Ct));

        var store = Reopen();
        Assert.False(await store.TryClaimCutOverProbeAsync("n1", "api.example.com", Samples.T0.AddSeconds(119), interval, Ct));
        Assert.True(await store.TryClaimCutOverProbeAsync("n1", "other.example.com", Samples.T0.AddSeconds(1), interval, Ct));
        Assert.True(await store.TryClaimCutOverProbeAsync("n2", "api.example.com", Samples.T0.AddSeconds(1), interval, Ct));
        Assert.True(await store.TryClaimCutOverProbeAsync("n1", "api.example.com", Samples.T0.AddMinutes(2), interval, Ct));
        Assert.False(await Reopen().TryClaimCutOverProbeAsync("n1", "api.example.com", Samples.T0.AddMinutes(3), interval, Ct));
    }

    [Fact]
    public async Task TryClaimCutOverProbe_RacingInstances_ExactlyOneProbes()
    {
        var store = Store;
        var claims = await RaceAsync(8, _ => store.TryClaimCutOverProbeAsync("n1", "api.example.com", Samples.T0, TimeSpan.FromMinutes(2), Ct));

        Assert.Single(claims, claimed => claimed);
    }
}
