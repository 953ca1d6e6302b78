using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Mvc;

namespace ChangeBot.SupportConsole.Pages.Notices;

/// <summary>
/// One notice: its state, facts and revisions (with a diff of any revision against the one before), and the
/// support actions. Each action is two steps: the first shows what it will do and how many channels it will reach,
/// the second (a POST carrying the revision the person saw) runs it through <see cref="INoticeOperations"/>, the
/// same operation chat and REST use, audited with the console as surface. A notice changed in between is a
/// conflict, not an overwrite.
/// </summary>
internal sealed class DetailsModel(IChangeBotStore store, INoticeOperations operations, DeliveryEngine engine) : NoticePage(store)
{
    public static readonly string[] Actions = ["publish", "update", "reschedule", "cancel"];

    public const int MaxUpdateLength = 4000;
    public const int MaxDeadlineLength = 100;

    [BindProperty(SupportsGet = true, Name = "confirm")]
    public string? Confirm { get; set; }

    [BindProperty(SupportsGet = true, Name = "diff")]
    public int? DiffRevision { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Deadline { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    public IReadOnlyList<Notice> Revisions { get; private set; } = [];

    public IReadOnlyList<DiffLine>? Diff { get; private set; }

    /// <summary>How many channels the confirmed action reaches.</summary>
    public int Reach { get; private set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(string? act, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        if (!Actions.Contains(act, StringComparer.Ordinal))
        {
            return BadRequest("Unknown action.");
        }

        if (Revision != Notice.Revision)
        {
            return await StaleAsync(ct);
        }

        if ((act == "update" && (Text?.Length ?? 0) > MaxUpdateLength) || (act == "reschedule" && (Deadline?.Length ?? 0) > MaxDeadlineLength))
        {
            Error = $"An update is at most {MaxUpdateLength} characters and a deadline at most {MaxDeadlineLength}.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(ct);
        }

        // The operation checks the revision again, atomically with its save: a change since the check above is
        // caught there (OperationError.Stale), not overwritten.
        var actor = ConsoleActor.Of(User);
        var result = act switch
        {
            "publish" => await operations.PublishAsync(Notice.Id, actor, Revision, ct),
            "update" => await operations.UpdateAsync(Notice.Id, Text ?? "", actor, Revision, ct),
            "reschedule" => await operations.RescheduleAsync(Notice.Id, Deadline ?? "", actor, Revision, ct),
            _ => await operations.CancelAsync(Notice.Id, actor, Revision, ct),
        };
        if (result.Error == OperationError.Stale)
        {
            return await StaleAsync(ct);
        }

        if (!result.Succeeded)
        {
            Error = result.Reply.Text;
            Response.StatusCode = result.Error switch
            {
                OperationError.Conflict => StatusCodes.Status409Conflict,
                OperationError.NotFound => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status400BadRequest,
            };
            return await ShowAsync(ct);
        }

        // Publishing sends a broadcast worth watching; the other actions come back here with what was done.
        TempData["Message"] = result.Reply.Text;
        return Redirect(act == "publish" ? Path + "/progress" : Path);
    }

    /// <summary>Someone changed the notice since this person saw it: 409, nothing done, the notice as it is now.</summary>
    private async Task<IActionResult> StaleAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        Error = $"Someone changed this notice while you looked at it (it is at revision {Notice.Revision} now, you saw {Revision}); nothing was done. Check it and try again.";
        Response.StatusCode = StatusCodes.Status409Conflict;
        Confirm = null;
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Message ??= TempData["Message"] as string;
        Revisions = await store.GetRevisionsAsync(Notice.Id, ct);
        if (DiffRevision is { } shown && Revisions.FirstOrDefault(r => r.Revision == shown) is { } newer)
        {
            var older = Revisions.Where(r => r.Revision < shown).OrderByDescending(r => r.Revision).FirstOrDefault();
            Diff = RevisionDiff.Lines(older?.Source ?? "", newer.Source);
        }

        if (Confirm is not null && !Actions.Contains(Confirm, StringComparer.Ordinal))
        {
            Confirm = null;
        }

        if (Confirm is not null)
        {
            Reach = Confirm == "publish"
                ? (await engine.MatchingChannelsAsync(Notice, ct)).Count
                : (await engine.BroadcastChannelsAsync(Notice.Id, ct)).Count;
        }

        return Page();
    }
}
