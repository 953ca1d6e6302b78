using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Tests.Contract;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task ListScheduledJobs_ForNotice_ReturnsOnlyItsJobsSoonestFirstWithEveryField()
    {
        var later = new ScheduledJob("n1:reminder:P3D", "n1", "hf-2", Samples.T0.AddDays(7));
        var sooner = new ScheduledJob("n1:reminder:PT90M", "n1", "hf-1", Samples.T0.AddDays(1));
        var sameInstantAsSooner = new ScheduledJob("n1:state:in-progress", "n1", "hf-3", Samples.T0.AddDays(1));
        foreach (var job in new[] { later, sameInstantAsSooner, sooner, new ScheduledJob("n2:reminder:P3D", "n2", "hf-9", Samples.T0) })
        {
            await Store.UpsertScheduledJobAsync(job, Ct);
        }

        var store = Reopen();
        AssertSameAll([sooner, sameInstantAsSooner, later], await store.ListScheduledJobsAsync("n1", Ct));
        Assert.Empty(await store.ListScheduledJobsAsync("n3", Ct));
    }

    [Fact]
    public async Task UpsertScheduledJob_SameKey_ReplacesJobIdAndDueTime()
    {
        await Store.UpsertScheduledJobAsync(new ScheduledJob("n1:reminder:P3D", "n1", "hf-1", Samples.T0), Ct);
        var rescheduled = new ScheduledJob("n1:reminder:P3D", "n1", "hf-7", Samples.T0.AddHours(5));

        await Store.UpsertScheduledJobAsync(rescheduled, Ct);

        AssertSameAll([rescheduled], await Reopen().ListScheduledJobsAsync("n1", Ct));
    }

    [Fact]
    public async Task RemoveScheduledJob_ByKey_RemovesOnlyThatJobAndUnknownKeyIsNoOp()
    {
        var kept = new ScheduledJob("n1:reminder:P3D", "n1", "hf-1", Samples.T0);
        await Store.UpsertScheduledJobAsync(kept, Ct);
        await Store.UpsertScheduledJobAsync(new ScheduledJob("n1:reminder:PT90M", "n1", "hf-2", Samples.T0.AddDays(1)), Ct);

        await Store.RemoveScheduledJobAsync("n1:reminder:PT90M", Ct);
        await Store.RemoveScheduledJobAsync("n1:never-planned", Ct);
        await Store.RemoveScheduledJobAsync("N1:REMINDER:P3D", Ct);

        AssertSameAll([kept], await Reopen().ListScheduledJobsAsync("n1", Ct));
    }
}
