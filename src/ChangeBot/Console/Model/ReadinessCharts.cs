using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using ChangeBot.Core.Acknowledgements;

namespace ChangeBot.SupportConsole;

/// <summary>
/// Readiness as inline SVG drawn on the server: no script, nothing from elsewhere, and nothing the strict CSP
/// refuses (colours are presentation attributes, not style attributes). Each chart is an image with a title
/// and a description that says in words what it shows, for screen readers.
/// </summary>
internal static class ReadinessCharts
{
    public const int Width = 640;

    /// <summary>Points drawn at most on the timeline; more answers are sampled evenly (the last one always kept).</summary>
    public const int MaxTimelinePoints = 400;

    private static readonly (string Label, string Fill)[] Segments =
        [("Ready", "#1a7f37"), ("Not affected", "#57606a"), ("Need help", "#cf222e"), ("No answer", "#d0d7de")];

    /// <param name="id">Unique on the page: the title and description ids derive from it.</param>
    public static string StackedBar(ReadinessTally tally, string id = "readiness-bar")
    {
        ArgumentNullException.ThrowIfNull(tally);
        int[] counts = [tally.Ready, tally.NotAffected, tally.NeedHelp, tally.NoAnswer];
        var words = string.Join(", ", Segments.Select((s, i) => $"{s.Label} {Int(counts[i])}"));
        var svg = Open(id, 64, "Readiness of " + Int(tally.Total) + " channels", words + ".");
        double x = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] == 0 || tally.Total == 0)
            {
                continue;
            }

            var width = (double)Width * counts[i] / tally.Total;
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar-{i}\" x=\"{Num(x)}\" y=\"0\" width=\"{Num(width)}\" height=\"32\" fill=\"{Segments[i].Fill}\"><title>{Enc(Segments[i].Label)}: {Int(counts[i])}</title></rect>");
            x += width;
        }

        if (tally.Total == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"32\" fill=\"#f6f8fa\" stroke=\"#d0d7de\"/>");
        }

        // The legend, so the colours are not the only way to tell the segments apart.
        double legendX = 0;
        for (var i = 0; i < Segments.Length; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Num(legendX)}\" y=\"44\" width=\"12\" height=\"12\" fill=\"{Segments[i].Fill}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Num(legendX + 16)}\" y=\"55\" font-size=\"12\" fill=\"#24292f\">{Enc(Segments[i].Label)} {Int(counts[i])}</text>");
            legendX += 160;
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// Channels that have answered, over time: a step line of each channel's earliest answer in <paramref name="answers"/>
    /// (the readiness page passes each channel's current answer, which it has already read) from
    /// <paramref name="from"/> (the broadcast) to <paramref name="deadline"/> (or the last answer if later),
    /// against <paramref name="channels"/>, with the deadline marked.
    /// </summary>
    public static string Timeline(IEnumerable<Acknowledgement> answers, DateTimeOffset from, DateTimeOffset? deadline, int channels, string id = "readiness-timeline")
    {
        ArgumentNullException.ThrowIfNull(answers);
        // One pass and one sort: the page draws this from 10,000 channels on every request.
        var earliest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var answer in answers)
        {
            ref var at = ref CollectionsMarshal.GetValueRefOrAddDefault(earliest, answer.ChannelKey, out var seen);
            if (!seen || answer.At < at)
            {
                at = answer.At;
            }
        }

        var firsts = earliest.Values.ToList();
        firsts.Sort();
        var end = new[] { deadline ?? from, firsts.Count > 0 ? firsts[^1] : from, from.AddHours(1) }.Max();
        var start = firsts.Count > 0 && firsts[0] < from ? firsts[0] : from;
        var top = Math.Max(1, Math.Max(channels, firsts.Count));
        const int height = 200, left = 48, right = 16, plotTop = 12, plotBottom = 170;
        var plotWidth = Width - left - right;
        double X(DateTimeOffset t) => left + plotWidth * (t - start).TotalSeconds / Math.Max(1, (end - start).TotalSeconds);
        double Y(int n) => plotBottom - (plotBottom - plotTop) * (double)n / top;

        var summary = firsts.Count == 0
            ? $"No channel has answered yet; {Int(channels)} channels, deadline {Stamp(deadline)}."
            : $"{Int(firsts.Count)} of {Int(channels)} channels answered between {Stamp(firsts[0])} and {Stamp(firsts[^1])}; deadline {Stamp(deadline)}.";
        var svg = Open(id, height, "Channels answered over time", summary);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{plotBottom}\" x2=\"{Width - right}\" y2=\"{plotBottom}\" stroke=\"#57606a\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{plotTop}\" x2=\"{left}\" y2=\"{plotBottom}\" stroke=\"#57606a\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{plotTop + 4}\" font-size=\"11\" text-anchor=\"end\" fill=\"#24292f\">{Int(top)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{plotBottom}\" font-size=\"11\" text-anchor=\"end\" fill=\"#24292f\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 12}\" font-size=\"11\" fill=\"#24292f\">{Enc(Stamp(start))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - right}\" y=\"{height - 12}\" font-size=\"11\" text-anchor=\"end\" fill=\"#24292f\">{Enc(Stamp(end))}</text>");
        if (deadline is { } due)
        {
            var dx = Num(X(due));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"deadline\" x1=\"{dx}\" y1=\"{plotTop}\" x2=\"{dx}\" y2=\"{plotBottom}\" stroke=\"#cf222e\" stroke-dasharray=\"4 3\"><title>Deadline {Enc(Stamp(due))}</title></line>");
        }

        var points = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Num(X(start))},{Num(Y(0))}");
        var step = Math.Max(1, (int)Math.Ceiling(firsts.Count / (double)MaxTimelinePoints));
        for (var i = 0; i < firsts.Count; i++)
        {
            if (i % step == 0 || i == firsts.Count - 1)
            {
                var x = Num(X(firsts[i]));
                points.Append(CultureInfo.InvariantCulture, $" {x},{Num(Y(i))} {x},{Num(Y(i + 1))}");
            }
        }

        points.Append(CultureInfo.InvariantCulture, $" {Num(X(end))},{Num(Y(firsts.Count))}");
        svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"answers\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"{points}\"/>");
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string id, int height, string title, string description) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{Enc(id)}\" role=\"img\" aria-labelledby=\"{Enc(id)}-title {Enc(id)}-desc\" viewBox=\"0 0 {Width} {height}\" width=\"100%\">")
        .Append(CultureInfo.InvariantCulture, $"<title id=\"{Enc(id)}-title\">{Enc(title)}</title><desc id=\"{Enc(id)}-desc\">{Enc(description)}</desc>");

    private static string Stamp(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "none";

    private static string Enc(string text) => WebUtility.HtmlEncode(text);

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Num(double n) => n.ToString("0.##", CultureInfo.InvariantCulture);
}
