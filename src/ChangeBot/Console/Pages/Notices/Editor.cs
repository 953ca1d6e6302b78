using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChangeBot.SupportConsole.Pages.Notices;

/// <summary>
/// The notice editor behind <c>/console/notices/new</c> and <c>/console/notices/{id}/edit</c>: a textarea of
/// Markdown with front matter. <c>validate</c> answers the importer's errors as JSON while the person types
/// (console-editor.js); <c>preview</c> shows the three renderings; <c>save</c> stores the notice through
/// <see cref="NoticeCatalog"/> (the import the CLI and REST use, audited) as a draft when new. A notice with
/// errors is never stored and the text stays on screen with them; a notice changed since the form was opened is
/// a conflict, not an overwrite, decided by the store atomically with the save (<see cref="INoticeStore.TryImportNoticeAsync"/>).
/// </summary>
internal abstract class EditorModel(INoticeStore store, NoticeImporter importer, NoticeCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty]
    public string Text { get; set; } = "";

    /// <summary>The revision the form was opened at (0 for a new notice).</summary>
    [BindProperty]
    public int Revision { get; set; }

    public NoticePreview? Checked { get; private set; }

    public bool ShowPreview { get; private set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    public bool IsNew => Id is null;

    public string Action => IsNew ? "/console/notices/new" : $"/console/notices/{Uri.EscapeDataString(Id!)}/edit";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (IsNew)
        {
            return Page();
        }

        if (await FindAsync(ct) is not { } notice)
        {
            return NotFound($"There is no notice '{Id}'.");
        }

        Text = notice.Source;
        Revision = notice.Revision;
        if (Text.Length == 0)
        {
            Message = "This notice was stored before its source text was kept; paste its file to edit it.";
        }

        return Page();
    }

    /// <summary>The importer's errors for the text as typed, for the editor's script. Nothing is stored.</summary>
    public async Task<IActionResult> OnPostValidateAsync(CancellationToken ct)
    {
        var preview = NoticePreview.Of(importer, Text, await KeptBundleAsync(ct));
        return new JsonResult(new
        {
            valid = preview.Valid,
            errors = preview.Errors.Select(e => new { line = e.Line, message = e.Message }),
        });
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        Checked = NoticePreview.Of(importer, Text, await KeptBundleAsync(ct));
        ShowPreview = Checked.Valid;
        return Invalid(Checked.Valid ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        // An edit reads its notice once: for the bundle it may keep, and for the revision check below.
        var edited = IsNew ? null : await FindAsync(ct);
        var kept = KeptBundle.Of(edited);
        Checked = NoticePreview.Of(importer, Text, kept);
        if (!Checked.Valid)
        {
            return Invalid(StatusCodes.Status422UnprocessableEntity);
        }

        var id = Checked.Notice!.Id;
        if (!IsNew && !string.Equals(id, Id, StringComparison.Ordinal))
        {
            Error = $"The id is '{id}' now; a notice keeps its id ({Id}). Start a new notice for a new id.";
            return Invalid(StatusCodes.Status422UnprocessableEntity);
        }

        var stored = IsNew ? await store.GetNoticeAsync(id, ct) : edited;
        if (IsNew ? stored is not null : stored?.Revision != Revision)
        {
            return Conflict(id, stored);
        }

        // The store checks the revision again, atomically with the save: two people saving at once cannot both pass.
        var report = await catalog.ImportContentAsync(Text, NoticePreview.SourceName, ConsoleActor.Of(User), IsNew ? 0 : Revision, kept, ct);
        if (report.Conflict)
        {
            return Conflict(id, await store.GetNoticeAsync(id, ct));
        }

        if (!report.Succeeded)
        {
            Checked = Checked with { Errors = report.Errors };
            return Invalid(StatusCodes.Status422UnprocessableEntity);
        }

        TempData["Message"] = report.Results.Single().Outcome == ImportOutcome.Unchanged
            ? "Nothing changed."
            : $"Saved {id}, revision {report.Results.Single().Revision}." + (report.Warnings.Count > 0 ? " " + string.Join(" ", report.Warnings) : "");
        return Redirect("/console/notices/" + Uri.EscapeDataString(id));
    }

    /// <summary>The notice exists already (new) or is not at the form's revision any more (edit): nothing was saved.</summary>
    private PageResult Conflict(string id, Notice? stored)
    {
        Error = IsNew
            ? $"A notice '{id}' exists already; edit it instead, or give this one another id."
            : $"Someone changed this notice while you edited it (it is at revision {stored?.Revision ?? 0} now, you started from {Revision}); "
                + "nothing was saved. Your text is still here: open the notice in another tab to compare, then save again.";
        return Invalid(StatusCodes.Status409Conflict);
    }

    /// <summary>When editing, the stored notice's bundle (read on the server by a CLI import): text that still names its
    /// file keeps it. A new notice has none, and no file a form names is ever read.</summary>
    private async Task<KeptBundle?> KeptBundleAsync(CancellationToken ct) => IsNew ? null : KeptBundle.Of(await FindAsync(ct));

    private Task<Notice?> FindAsync(CancellationToken ct) =>
        Id!.Length > NoticePage.MaxIdLength ? Task.FromResult<Notice?>(null) : store.GetNoticeAsync(Id, ct);

    private PageResult Invalid(int status)
    {
        Response.StatusCode = status;
        return Page();
    }
}

internal sealed class NewModel(INoticeStore store, NoticeImporter importer, NoticeCatalog catalog) : EditorModel(store, importer, catalog);

internal sealed class EditModel(INoticeStore store, NoticeImporter importer, NoticeCatalog catalog) : EditorModel(store, importer, catalog);
