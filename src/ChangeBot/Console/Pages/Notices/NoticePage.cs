using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChangeBot.SupportConsole.Pages.Notices;

/// <summary>A console page about one stored notice (<c>/console/notices/{id}/…</c>): loads it or answers 404.</summary>
internal abstract class NoticePage(INoticeStore notices) : PageModel
{
    /// <summary>Longest id accepted from the URL; the importer's ids are at most 80 characters.</summary>
    public const int MaxIdLength = 100;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public Notice Notice { get; private set; } = null!;

    public string Path => "/console/notices/" + Uri.EscapeDataString(Notice.Id);

    /// <summary>The notice, or null after setting a 404 result in <paramref name="missing"/>.</summary>
    protected async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (Id.Length is 0 or > MaxIdLength || await notices.GetNoticeAsync(Id, ct) is not { } notice)
        {
            return NotFound($"There is no notice '{(Id.Length > MaxIdLength ? Id[..MaxIdLength] + "…" : Id)}'.");
        }

        Notice = notice;
        return null;
    }
}
