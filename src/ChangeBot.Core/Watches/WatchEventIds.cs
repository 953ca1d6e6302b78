namespace ChangeBot.Core.Watches;

/// <summary>Log event ids of endpoint watches. This area owns 9500–9599; every id is unique across the
/// assemblies (a test checks it), so an id in a log line names one place in the code.</summary>
internal static class WatchEventIds
{
    public const int RunFinished = 9501;
    public const int WatchFailed = 9502;
    public const int AlertTransient = 9503;
    public const int AlertFailed = 9504;
    public const int Refused = 9505;
}
