namespace ChangeBot.Tests.ScaleOut;

/// <summary>Waits for a condition another process brings about and that has no signal of its own (a database
/// row), by asking again every 100 ms until a deadline.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds:F0} s: {what}");
            }
        }
    }
}
