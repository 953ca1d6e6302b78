namespace ChangeBot.Core.CutOvers;

/// <summary>When and how often cut-over detection probes a notice's endpoint (the <c>CutOver</c> settings section).</summary>
public sealed class CutOverOptions
{
    public const string Section = "CutOver";

    /// <summary><c>CutOver:LeadTime</c>: probing starts this long before the window (vendors often switch early).</summary>
    public TimeSpan LeadTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary><c>CutOver:Trail</c>: probing goes on this long after the window, to catch a late switch or a rollback.</summary>
    public TimeSpan Trail { get; set; } = TimeSpan.FromHours(6);

    /// <summary><c>CutOver:Interval</c>: one endpoint is probed at most this often (the job itself runs every minute).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>What is wrong with the settings, one line each naming the setting; empty when they are fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (LeadTime < TimeSpan.Zero || LeadTime > TimeSpan.FromDays(7))
        {
            problems.Add($"CutOver:LeadTime is {LeadTime}; use a duration from 00:00:00 to 7.00:00:00 (how long before the window probing starts).");
        }

        if (Trail < TimeSpan.Zero || Trail > TimeSpan.FromDays(7))
        {
            problems.Add($"CutOver:Trail is {Trail}; use a duration from 00:00:00 to 7.00:00:00 (how long after the window probing goes on).");
        }

        if (Interval < TimeSpan.FromSeconds(30) || Interval > TimeSpan.FromDays(1))
        {
            problems.Add($"CutOver:Interval is {Interval}; use a duration from 00:00:30 to 1.00:00:00 (how often one endpoint is probed).");
        }

        return problems;
    }
}
