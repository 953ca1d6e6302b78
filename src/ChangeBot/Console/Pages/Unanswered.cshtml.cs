using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Unanswered;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChangeBot.SupportConsole.Pages;

/// <summary>
/// Questions the bot could not answer, grouped by similarity (<see cref="UnansweredGrouping"/>), each group
/// answerable in one step: an FAQ entry added to a chosen notice through <see cref="FaqAnswers"/> (a new revision,
/// audited, re-indexed at once, so the next person asking gets the answer).
/// </summary>
internal sealed class UnansweredModel(IChangeBotStore store, UnansweredGrouping grouping, FaqAnswers faq) : PageModel
{
    public GroupedQuestions Grouped { get; private set; } = new([], 0, false);

    /// <summary>Notices an entry can be added to, newest deadline first.</summary>
    public IReadOnlyList<Notice> Notices { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    [BindProperty] public string? Notice { get; set; }
    [BindProperty] public string? Question { get; set; }
    [BindProperty] public string? Answer { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Message = TempData["Message"] as string;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // The choice carries the revision the person saw: "id@revision".
        var at = Notice?.LastIndexOf('@') ?? -1;
        if (at <= 0 || !int.TryParse(Notice.AsSpan(at + 1), out var revision))
        {
            Error = "Choose the notice the answer belongs to.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            var result = await faq.AddAsync(Notice![..at], Question ?? "", Answer ?? "", revision, ConsoleActor.Of(User), ct);
            if (result.Succeeded)
            {
                TempData["Message"] = result.Reply.Text;
                return Redirect("/console/unanswered");
            }

            Error = result.Reply.Text;
            Response.StatusCode = result.Error == OperationError.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Grouped = grouping.Group(await store.ListUnansweredAsync(UnansweredGrouping.MaxQuestions, ct));
        Notices = [.. (await store.ListNoticesAsync(ct)).Where(n => n.State != NoticeState.Cancelled)
            .OrderByDescending(n => n.ActionDeadline ?? n.WindowStart ?? DateTimeOffset.MinValue).ThenBy(n => n.Id, StringComparer.Ordinal)];
    }
}
