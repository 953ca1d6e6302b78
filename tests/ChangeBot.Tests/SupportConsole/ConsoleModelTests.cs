using System.Text.Json.Nodes;
using System.Xml.Linq;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.SupportConsole;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>The console's page-independent parts: preview, readiness tally, charts, table and CSV.</summary>
public sealed class ConsoleModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The shipped sample without its bundle line: a pasted notice has no folder to read a bundle from.</summary>
    internal static string PastableSample() => string.Join('\n', File.ReadAllLines(Path.Combine(RepositoryRoot.SampleNotices, "api-sandbox-tls-certificate.md"))
        .Where(l => !l.TrimStart().StartsWith("bundle:", StringComparison.Ordinal)));

    [Fact]
    public void Preview_Sample_RendersWhatEachAdapterSends()
    {
        var preview = NoticePreview.Of(new NoticeImporter(), PastableSample());

        Assert.True(preview.Valid, string.Join("; ", preview.Errors));
        var slack = JsonNode.Parse(preview.SlackJson!)!;
        Assert.Equal("header", slack["blocks"]![0]!["type"]!.GetValue<string>());
        Assert.Contains("Maintenance to Update TLS Certificate", slack["blocks"]![0]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var teams = JsonNode.Parse(preview.TeamsJson!)!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", teams["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", teams["attachments"]![0]!["content"]!["type"]!.GetValue<string>());
        Assert.StartsWith("[Action Required]: Maintenance to Update TLS Certificate for API Sandbox", preview.WebChatText, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_BrokenNotice_ErrorsWithTheirLineAndNoRendering()
    {
        var broken = "---\nid: broken-one\ntitle: Broken\nseverity: catastrophic\n---\nBody\n";

        var preview = NoticePreview.Of(new NoticeImporter(), broken);

        Assert.False(preview.Valid);
        var error = Assert.Single(preview.Errors);
        Assert.Equal(4, error.Line);
        Assert.Contains("severity", error.Message, StringComparison.Ordinal);
        Assert.Null(preview.SlackJson);
        Assert.Null(preview.TeamsJson);
        Assert.Null(preview.WebChatText);
    }

    [Fact]
    public void Preview_TooLarge_RefusedBeforeParsing()
    {
        var preview = NoticePreview.Of(new NoticeImporter(), new string('x', NoticeLimits.MaxNoticeBytes + 1));

        Assert.Contains("at most 256 KiB", Assert.Single(preview.Errors).Message, StringComparison.Ordinal);
    }

    private static ChannelReadiness Row(string channel, AckAnswer? answer, int minute = 0, ChannelCheck? check = null) =>
        new(channel, DeliveryStatus.Sent, T0, answer is { } a ? new Acknowledgement("n", channel, a, "slack:U1", T0.AddMinutes(minute)) : null, null)
        {
            LastCheck = check,
        };

    [Fact]
    public void Tally_CountsLatestAnswersAndTheSilent()
    {
        var tally = ReadinessTally.Of([Row("a", AckAnswer.Ready), Row("b", AckAnswer.Ready), Row("c", AckAnswer.NotAffected), Row("d", AckAnswer.NeedHelp), Row("e", null)]);

        Assert.Equal(new ReadinessTally(2, 1, 1, 1), tally);
        Assert.Equal(5, tally.Total);
    }

    [Fact]
    public void StackedBar_IsAnAccessibleSvgWhoseSegmentsAreProportional()
    {
        var svg = XElement.Parse(ReadinessCharts.StackedBar(new ReadinessTally(3, 1, 0, 4)));
        XNamespace ns = "http://www.w3.org/2000/svg";

        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("readiness-bar-title readiness-bar-desc", (string?)svg.Attribute("aria-labelledby"));
        Assert.Equal("Ready 3, Not affected 1, Need help 0, No answer 4.", svg.Element(ns + "desc")!.Value);
        var widths = svg.Elements(ns + "rect").Where(r => ((string?)r.Attribute("class"))?.StartsWith("bar-", StringComparison.Ordinal) == true)
            .ToDictionary(r => (string)r.Attribute("class")!, r => double.Parse((string)r.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new Dictionary<string, double> { ["bar-0"] = 240, ["bar-1"] = 80, ["bar-3"] = 320 }, widths);
        Assert.DoesNotContain("style=", svg.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Timeline_StepsUpAtEachChannelsFirstAnswerAndMarksTheDeadline()
    {
        Acknowledgement Ack(string channel, int minute) => new("n", channel, AckAnswer.Ready, "slack:U1", T0.AddMinutes(minute));
        var svg = XElement.Parse(ReadinessCharts.Timeline([Ack("a", 10), Ack("b", 30), Ack("a", 50)], T0, T0.AddMinutes(60), channels: 4));
        XNamespace ns = "http://www.w3.org/2000/svg";

        Assert.Equal("2 of 4 channels answered between 2026-12-01 09:10 UTC and 2026-12-01 09:30 UTC; deadline 2026-12-01 10:00 UTC.",
            svg.Element(ns + "desc")!.Value);
        var points = ((string)svg.Element(ns + "polyline")!.Attribute("points")!).Split(' ');
        Assert.Equal(6, points.Length); // start, two steps of two points each, end
        Assert.NotNull(svg.Elements(ns + "line").SingleOrDefault(l => (string?)l.Attribute("class") == "deadline"));
    }

    [Fact]
    public void Timeline_ManyAnswers_DrawsABoundedNumberOfPoints()
    {
        var answers = Enumerable.Range(0, 10_000).Select(i => new Acknowledgement("n", $"c{i}", AckAnswer.Ready, "u", T0.AddSeconds(i))).ToList();

        var svg = XElement.Parse(ReadinessCharts.Timeline(answers, T0, T0.AddDays(1), 10_000));

        var points = ((string)svg.Descendants().Single(e => e.Name.LocalName == "polyline").Attribute("points")!).Split(' ').Length;
        Assert.InRange(points, 2, (2 * ReadinessCharts.MaxTimelinePoints) + 4);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("slack:T1:C1", "slack:T1:C1")]
    public void CsvCell_DefusesFormulasAndQuotes(string value, string expected)
    {
        Assert.Equal(expected, ReadinessCsv.Cell(value));
    }

    [Fact]
    public async Task Csv_RowsWithTheLastChainCheck()
    {
        var check = new ChannelCheck("n", "slack:T1:C2", "slack:U2", T0.AddHours(1), "=cmd|' /C calc'!A0", CheckVerdict.Problems, ["incomplete-chain"]);
        using var writer = new StringWriter();

        await ReadinessCsv.WriteAsync([Row("slack:T1:C1", AckAnswer.Ready, 5), Row("slack:T1:C2", null, check: check)], writer);

        var lines = writer.ToString().Split("\r\n");
        Assert.Equal(string.Join(',', ReadinessCsv.Header), lines[0]);
        Assert.Equal("slack:T1:C1,sent,2026-12-01T09:00:00Z,ready,slack:U1,2026-12-01T09:05:00Z,,,,,,,", lines[1]);
        Assert.Equal("slack:T1:C2,sent,2026-12-01T09:00:00Z,,,,problems,'=cmd|' /C calc'!A0,incomplete-chain,slack:U2,2026-12-01T10:00:00Z,,", lines[2]);
        Assert.Equal("", lines[3]);
    }

    [Fact]
    public void Table_FiltersSortsAndPagesFromTheQueryString()
    {
        var rows = Enumerable.Range(0, 1200).Select(i => Row($"slack:T1:C{i:0000}", i % 3 == 0 ? AckAnswer.NeedHelp : null, minute: i)).ToList();

        var helpNewestFirst = ReadinessTable.Parse("answered", "desc", "need-help", null, null);
        var filtered = helpNewestFirst.Apply(rows);
        var bySearch = ReadinessTable.Parse("bogus", null, "nonsense", "c000", 1);
        var second = ReadinessTable.Parse(null, null, null, null, 2);

        Assert.Equal(400, filtered.Count);
        Assert.Equal("slack:T1:C1197", filtered[0].ChannelKey);
        Assert.Equal(("channel", null), (bySearch.Sort, bySearch.Answer));
        Assert.Equal(10, bySearch.Apply(rows).Count);
        var page = second.PageOf(second.Apply(rows));
        Assert.Equal(ReadinessTable.PageSize, page.Count);
        Assert.Equal($"slack:T1:C{ReadinessTable.PageSize:0000}", page[0].ChannelKey);
        Assert.Equal(1200 / ReadinessTable.PageSize, ReadinessTable.PageCount(1200));
        Assert.Equal(1200 / ReadinessTable.PageSize + 1, ReadinessTable.PageCount(1201));
        Assert.Equal("?sort=answered&dir=desc&answer=need-help&p=3", helpNewestFirst.Query(page: 3));
    }

    [Fact]
    public void Table_DefaultView_RowsInChannelOrderKeptAndOthersSorted()
    {
        var ordered = Enumerable.Range(0, 5).Select(i => Row($"slack:T1:C{i}", null, minute: i)).ToList();
        var shuffled = new[] { ordered[3], ordered[0], ordered[4], ordered[1], ordered[2] };
        var byChannel = ReadinessTable.Parse(null, null, null, null, null);

        Assert.Equal(ordered, byChannel.Apply(ordered));
        Assert.Equal(ordered, byChannel.Apply(shuffled));
        Assert.Equal(ordered.AsEnumerable().Reverse(), ReadinessTable.Parse("channel", "desc", null, null, null).Apply(ordered));
    }
}
