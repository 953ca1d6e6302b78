namespace ChangeBot.Turns;

/// <summary>Log event ids of the turn queue and pipeline.
/// This area owns 7000–7099; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class TurnEventIds
{
    public const int HandlerFailed = 7001;
    public const int SendFailed = 7002;
    public const int RememberFailed = 7003;
    public const int WorkFailed = 7004;
    public const int QueueFull = 7005;
    public const int DrainCut = 7006;
}
