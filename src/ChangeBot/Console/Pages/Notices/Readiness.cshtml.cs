using System.Text;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Mvc;

namespace ChangeBot.SupportConsole.Pages.Notices;

/// <summary>
/// Who is ready, as a picture and a table: the stacked bar and the answers-over-time chart (inline SVG), and the
/// per-channel rows of <see cref="Readiness.ReportAsync"/> (the chat readiness report's own rows) with the last
/// chain check, filtered, sorted and paged by the query string (<see cref="ReadinessTable"/>), or as CSV.
/// </summary>
internal sealed class ReadinessModel(IChangeBotStore store) : NoticePage(store)
{
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }
    [BindProperty(SupportsGet = true)] public string? Answer { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public ReadinessTable View { get; private set; } = null!;
    public ReadinessTally Tally { get; private set; } = null!;
    public IReadOnlyList<ChannelReadiness> Rows { get; private set; } = [];
    public int Matching { get; private set; }
    public string Bar { get; private set; } = "";
    public string Timeline { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        var report = await Readiness.ReportAsync(store, Notice.Id, ct);
        View = ReadinessTable.Parse(Sort, Dir, Answer, Q, PageNumber);
        var filtered = View.Apply(report);
        Matching = filtered.Count;
        View = View with { Page = Math.Min(View.Page, ReadinessTable.PageCount(Matching)) };
        Rows = View.PageOf(filtered);
        Tally = ReadinessTally.Of(report);
        Bar = ReadinessCharts.StackedBar(Tally);
        // The chart starts at the first delivery, read from the report rather than listing the ledger again.
        var answers = report.Where(r => r.Answer is not null).Select(r => r.Answer!).ToList();
        var delivered = report.Where(r => r.DeliveredAt is not null).Select(r => r.DeliveredAt!.Value).ToList();
        var from = delivered.Count > 0 ? delivered.Min() : Notice.Posted ?? Notice.ActionDeadline ?? DateTimeOffset.UnixEpoch;
        Timeline = ReadinessCharts.Timeline(answers, from, Notice.ActionDeadline, report.Count);
        return Page();
    }

    /// <summary>Every channel (the filters apply, paging does not) as CSV.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        var rows = ReadinessTable.Parse(Sort, Dir, Answer, Q, 1).Apply(await Readiness.ReportAsync(store, Notice.Id, ct));
        await using var text = new StringWriter();
        await ReadinessCsv.WriteAsync(rows, text, ct);
        return File(Encoding.UTF8.GetBytes(text.ToString()), ReadinessCsv.ContentType, $"readiness-{Notice.Id}.csv");
    }

    public string SortLink(string column) =>
        Path + "/readiness" + View.Query(sort: column, descending: View.Sort == column && !View.Descending, page: 1);

    public string? SortState(string column) => View.Sort != column ? null : View.Descending ? "descending" : "ascending";
}
