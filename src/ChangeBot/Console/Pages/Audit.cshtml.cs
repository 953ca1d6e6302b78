using ChangeBot.Core.Audit;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChangeBot.SupportConsole.Pages;

/// <summary>The audit log, newest first, filtered by actor, action, notice and surface (each an exact,
/// ordinal match). Reads what <c>GET /api/v1/audit</c> reads (Api/ReportsApi.cs), bounded the same way.</summary>
internal sealed class AuditModel(IAuditLog log) : PageModel
{
    /// <summary>How far back the filters look: the REST API's own upper bound.</summary>
    public const int Scanned = 1000;

    public const int Shown = 200;

    public const int MaxFilterLength = 200;

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? AuditAction { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Notice { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Surface { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public IReadOnlyList<string> Actions { get; private set; } = [];

    public IReadOnlyList<string> Surfaces { get; private set; } = [];

    public int Matching { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var filters = new[] { Actor, AuditAction, Notice, Surface };
        if (filters.Any(f => f?.Length > MaxFilterLength))
        {
            Error = $"A filter is at most {MaxFilterLength} characters.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var recent = await log.ListAuditAsync(Scanned, ct);
        Actions = [.. recent.Select(e => e.Action).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Surfaces = [.. recent.Select(e => e.Surface).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var matching = recent
            .Where(e => Matches(Actor, e.Actor) && Matches(AuditAction, e.Action) && Matches(Notice, e.NoticeId) && Matches(Surface, e.Surface))
            .ToList();
        Matching = matching.Count;
        Entries = [.. matching.Take(Shown)];
        return Page();
    }

    private static bool Matches(string? filter, string? value) =>
        string.IsNullOrWhiteSpace(filter) || string.Equals(filter.Trim(), value, StringComparison.Ordinal);
}
