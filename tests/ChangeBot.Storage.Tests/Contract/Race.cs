namespace ChangeBot.Storage.Tests.Contract;

internal static class Race
{
    /// <summary>Runs <paramref name="count"/> calls released at the same moment, to race them on a store.</summary>
    public static async Task<T[]> AtOnceAsync<T>(int count, Func<int, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await call(i);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(racers);
    }
}
