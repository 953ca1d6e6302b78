using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Mvc;

namespace ChangeBot.SupportConsole.Pages.Notices;

/// <summary>A stored notice as Slack, Teams and the web chat would show its broadcast.</summary>
internal sealed class PreviewModel(INoticeStore store) : NoticePage(store)
{
    public NoticePreview Renderings { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        Renderings = NoticePreview.Of(Notice);
        return Page();
    }
}
