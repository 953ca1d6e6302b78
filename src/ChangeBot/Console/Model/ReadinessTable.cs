using ChangeBot.Core.Acknowledgements;

namespace ChangeBot.SupportConsole;

/// <summary>
/// The per-channel readiness table's view, all in the query string so a view can be linked and reloaded:
/// <c>sort</c> (channel, delivered, answer, answered, check), <c>dir</c> (asc, desc), <c>answer</c> (ready,
/// not-affected, need-help, none), <c>q</c> (part of the channel key) and <c>p</c> (the page: Razor Pages keeps <c>page</c> for itself); at most
/// <see cref="PageSize"/> rows a page. Unknown values fall back to the default rather than failing the page.
/// </summary>
internal sealed record ReadinessTable(string Sort, bool Descending, string? Answer, string? Search, int Page)
{
    public const int PageSize = 100;
    public const int MaxSearchLength = 200;

    public static readonly string[] Sorts = ["channel", "delivered", "answer", "answered", "check"];
    public static readonly string[] Answers = ["ready", "not-affected", "need-help", "none"];

    public static ReadinessTable Parse(string? sort, string? dir, string? answer, string? q, int? page) => new(
        Sorts.FirstOrDefault(s => string.Equals(s, sort, StringComparison.OrdinalIgnoreCase)) ?? "channel",
        string.Equals(dir, "desc", StringComparison.OrdinalIgnoreCase),
        Answers.FirstOrDefault(a => string.Equals(a, answer, StringComparison.OrdinalIgnoreCase)),
        string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, MaxSearchLength)],
        Math.Max(1, page ?? 1));

    /// <summary>The rows the filters keep, sorted; the caller takes a page of them with <see cref="PageOf"/>.</summary>
    public IReadOnlyList<ChannelReadiness> Apply(IEnumerable<ChannelReadiness> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var kept = rows.Where(r => Search is null || r.ChannelKey.Contains(Search, StringComparison.OrdinalIgnoreCase))
            .Where(r => Answer is null || (Answer == "none" ? r.Answer is null : r.Answer is { } a && AckWords.Word(a.Answer) == Answer)).ToList();
        // The report comes in channel order already: checking that is one pass, sorting 10,000 rows again is not.
        if (Sort == "channel" && !Descending && InChannelOrder(kept))
        {
            return kept;
        }

        var sorted = Sort switch
        {
            "delivered" => Order(kept, r => r.DeliveredAt),
            "answer" => Order(kept, r => r.Answer is { } a ? (int)a.Answer : int.MaxValue),
            "answered" => Order(kept, r => r.Answer?.At),
            "check" => Order(kept, r => r.LastCheck?.At),
            _ => Descending ? kept.OrderByDescending(r => r.ChannelKey, StringComparer.Ordinal) : kept.OrderBy(r => r.ChannelKey, StringComparer.Ordinal),
        };
        return [.. sorted];
    }

    private static bool InChannelOrder(List<ChannelReadiness> rows)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            if (string.CompareOrdinal(rows[i - 1].ChannelKey, rows[i].ChannelKey) > 0)
            {
                return false;
            }
        }

        return true;
    }

    public IReadOnlyList<ChannelReadiness> PageOf(IReadOnlyList<ChannelReadiness> filtered) =>
        [.. filtered.Skip((Page - 1) * PageSize).Take(PageSize)];

    public static int PageCount(int rows) => Math.Max(1, (rows + PageSize - 1) / PageSize);

    /// <summary>The query string of this view with some values changed (for sort links and paging).</summary>
    public string Query(string? sort = null, bool? descending = null, int? page = null)
    {
        var parts = new List<string> { "sort=" + (sort ?? Sort) };
        if (descending ?? Descending)
        {
            parts.Add("dir=desc");
        }

        if (Answer is not null)
        {
            parts.Add("answer=" + Answer);
        }

        if (Search is not null)
        {
            parts.Add("q=" + Uri.EscapeDataString(Search));
        }

        parts.Add("p=" + (page ?? Page).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "?" + string.Join('&', parts);
    }

    // Ties (and rows without the value, last) keep channel order, so pages are stable.
    private IOrderedEnumerable<ChannelReadiness> Order<T>(IEnumerable<ChannelReadiness> rows, Func<ChannelReadiness, T> key)
    {
        var withValue = rows.OrderBy(r => key(r) is null ? 1 : 0);
        var byKey = Descending ? withValue.ThenByDescending(key) : withValue.ThenBy(key);
        return byKey.ThenBy(r => r.ChannelKey, StringComparer.Ordinal);
    }
}
