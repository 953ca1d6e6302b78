namespace ChangeBot.Core.Watches;

/// <summary>The <c>Watch</c> settings (validated when the server starts).</summary>
public sealed class WatchOptions
{
    public const string Section = "Watch";

    /// <summary>Bounds of the settings, so a typo cannot make a channel hold thousands or alert daily for a year.</summary>
    public const int MaxMaxPerChannel = 1000;
    public const int MaxThresholdDays = 365;
    public const int MaxThresholdCount = 10;

    /// <summary><c>Watch:MaxPerChannel</c>: watches one channel may hold.</summary>
    public int MaxPerChannel { get; set; } = 50;

    /// <summary><c>Watch:Thresholds</c>: days before expiry at which the channel is alerted, largest first.</summary>
    public IReadOnlyList<int> Thresholds { get; set; } = [30, 14, 7, 1];

    /// <summary>Consecutive failed daily runs before "could not reach" is posted.</summary>
    public int UnreachableRuns { get; set; } = 2;

    /// <summary>Endpoints checked at once by the daily run.</summary>
    public int Parallelism { get; set; } = 4;
}
