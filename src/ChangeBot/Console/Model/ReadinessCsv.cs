using System.Globalization;
using ChangeBot.Core.Acknowledgements;

namespace ChangeBot.SupportConsole;

/// <summary>
/// The per-channel readiness table as CSV (RFC 4180), for support's spreadsheets. Every cell that a spreadsheet
/// would read as a formula (starting with <c>= + - @</c>, tab or carriage return) is prefixed with <c>'</c>:
/// channel names, user ids and check targets come from chat users, and must not run in support's spreadsheet.
/// </summary>
internal static class ReadinessCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly string[] Header =
        ["channel", "delivery", "delivered_at", "answer", "answered_by", "answered_at",
         "last_check", "last_check_target", "last_check_problems", "last_check_by", "last_check_at", "failure", "broken"];

    public static async Task WriteAsync(IEnumerable<ChannelReadiness> rows, TextWriter writer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(Line(Header));
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteAsync(Line(Cells(row)));
        }
    }

    public static string[] Cells(ChannelReadiness row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var check = row.LastCheck;
        return
        [
            row.ChannelKey,
            row.Delivery?.ToString().ToLowerInvariant() ?? "",
            Time(row.DeliveredAt),
            row.Answer is { } a ? AckWords.Word(a.Answer) : "",
            row.Answer?.UserId ?? "",
            Time(row.Answer?.At),
            check is null ? "" : CheckWords.Verdict(check.Verdict),
            check?.Target ?? "",
            check is null ? "" : string.Join(' ', check.Problems),
            check?.UserId ?? "",
            Time(check?.At),
            row.Failure is { } f ? $"{f.Kind.ToString().ToLowerInvariant()}: {f.Error}" : "",
            row.BrokenReason ?? "",
        ];
    }

    public static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    /// <summary>One cell: defused against formulas, then quoted when it holds a comma, quote or line break.</summary>
    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
