using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChangeBot.SupportConsole.Pages;

/// <summary>
/// Every notice with its state, deadline, products, environments and readiness at a glance, filtered by the
/// query string (<c>?product=&amp;environment=&amp;state=&amp;p=</c>) and paged. It reads what the REST API
/// reads (Api/NoticesApi.cs): the notice store's list, and for the page's notices their readiness counts in one
/// call (<see cref="IReadinessCountStore.CountReadinessAsync"/>: the channels and answers of <see cref="Readiness.ReportAsync"/>).
/// </summary>
internal sealed class IndexModel(IChangeBotStore store) : PageModel
{
    public const int PageSize = 50;

    public const int MaxFilterLength = 100;

    [BindProperty(SupportsGet = true)]
    public string? Product { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Environment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    /// <summary><c>?p=</c>: Razor Pages reserves the name <c>page</c> for its own route value.</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<NoticeRow> Rows { get; private set; } = [];

    public IReadOnlyList<string> Products { get; private set; } = [];

    public IReadOnlyList<string> Environments { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages { get; private set; } = 1;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NoticeState? state = null;
        if (Product?.Length > MaxFilterLength || Environment?.Length > MaxFilterLength)
        {
            Error = $"A product or environment filter is at most {MaxFilterLength} characters.";
        }
        else if (!string.IsNullOrWhiteSpace(State))
        {
            if (Enum.TryParse<NoticeState>(State, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(State, out _))
            {
                state = parsed;
            }
            else
            {
                Error = $"'{State}' is not a notice state; use one of {string.Join(", ", Enum.GetNames<NoticeState>())}.";
            }
        }

        var notices = await store.ListNoticesAsync(ct);
        Products = [.. notices.SelectMany(n => n.Products).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
        Environments = [.. notices.SelectMany(n => n.Environments).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var matching = notices
            .Where(n => string.IsNullOrWhiteSpace(Product) || n.Products.Contains(Product.Trim(), StringComparer.OrdinalIgnoreCase))
            .Where(n => string.IsNullOrWhiteSpace(Environment) || n.Environments.Contains(Environment.Trim(), StringComparer.OrdinalIgnoreCase))
            .Where(n => state is null || n.State == state)
            .OrderBy(n => Rank(n.State))
            .ThenBy(n => n.ActionDeadline ?? n.WindowStart ?? DateTimeOffset.MaxValue)
            .ThenBy(n => n.Id, StringComparer.Ordinal)
            .ToList();
        Total = matching.Count;
        Pages = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        var shown = matching.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        // One aggregate call for the whole page: counting per row read every delivery and answer of each notice.
        var counts = await store.CountReadinessAsync([.. shown.Where(n => n.State != NoticeState.Draft).Select(n => n.Id)], ct);
        Rows = [.. shown.Select(n => new NoticeRow(n, counts.GetValueOrDefault(n.Id) ?? ReadinessCounts.None))];
        return Page();
    }

    /// <summary>What support acts on first: live notices, then drafts, then finished ones.</summary>
    private static int Rank(NoticeState state) => state switch
    {
        NoticeState.InProgress => 0,
        NoticeState.Published => 1,
        NoticeState.Draft => 2,
        _ => 3,
    };

    /// <summary>A link to another page of the same filtered list.</summary>
    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["product"] = Product,
            ["environment"] = Environment,
            ["state"] = State,
            ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/console", query.Where(q => !string.IsNullOrWhiteSpace(q.Value)));
    }
}

/// <summary>One line of the notices list: the notice and its readiness counts.</summary>
internal sealed record NoticeRow(Notice Notice, ReadinessCounts Readiness)
{
    public int Channels => Readiness.Channels;
    public int Ready => Readiness.Ready;
    public int NotAffected => Readiness.NotAffected;
    public int NeedHelp => Readiness.NeedHelp;
    public int NoAnswer => Readiness.NoAnswer;
}
