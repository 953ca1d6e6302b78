using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChangeBot.Core;

/// <summary>
/// The bot's own metrics and traces (OpenTelemetry picks them up by name in the host). Tags stay
/// low-cardinality: platform, outcome, verdict, never ids of users or channels.
/// </summary>
public static class ChangeBotTelemetry
{
    public const string Name = "ChangeBot";

    public static readonly ActivitySource Activities = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Platform messages by outcome: sent, failed (channel gone), throttled (kept pending).</summary>
    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("changebot.deliveries", description: "Proactive messages by platform and outcome");

    /// <summary>Chain checks by verdict: ok, problems, error, blocked.</summary>
    public static readonly Counter<long> Checks = Meter.CreateCounter<long>("changebot.checks", description: "Chain checks by verdict");

    /// <summary>Questions by outcome: answered, unanswered.</summary>
    public static readonly Counter<long> Questions = Meter.CreateCounter<long>("changebot.questions", description: "Questions answered or not");

    /// <summary>How late a reminder job ran after its planned instant.</summary>
    public static readonly Histogram<double> ReminderLateness = Meter.CreateHistogram<double>("changebot.reminder.lateness", unit: "s", description: "Reminder job start minus its planned time");

    public static void CountDelivery(string platform, string outcome) =>
        Deliveries.Add(1, new KeyValuePair<string, object?>("platform", platform), new KeyValuePair<string, object?>("outcome", outcome));
}
