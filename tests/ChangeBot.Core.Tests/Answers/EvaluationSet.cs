using System.Globalization;
using ChangeBot.Core.Notices;
using YamlDotNet.RepresentationModel;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>The evaluation notices (Answers/Evaluation/*.md) and questions (questions.txt).</summary>
internal static class EvaluationSet
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Answers", "Evaluation");

    public sealed record Case(int Line, string? Context, string Question, string? ExpectedNotice, string MustContain);

    public static IReadOnlyList<Case> Questions()
    {
        var cases = new List<Case>();
        var lines = File.ReadAllLines(Path.Combine(Folder, "questions.txt"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith('#') || lines[i].Trim().Length == 0)
            {
                continue;
            }

            var parts = lines[i].Split('|');
            Assert.True(parts.Length == 4, $"questions.txt:{i + 1}: expected 4 fields separated by '|'");
            var context = parts[0].Trim();
            var expected = parts[2].Trim();
            cases.Add(new Case(i + 1, context.Length == 0 ? null : context, parts[1].Trim(),
                expected == "none" ? null : expected, parts[3].Trim()));
        }

        return cases;
    }

    /// <summary>Every evaluation notice, published. TEMPORARY: a minimal front-matter reader until
    /// NoticeImporter lands on main; then this becomes <c>new NoticeImporter().ParseFiles([Folder])</c>.</summary>
    public static IReadOnlyList<Notice> Notices() =>
        [.. Directory.GetFiles(Folder, "*.md").Order(StringComparer.Ordinal).Select(f => Read(File.ReadAllText(f)) with { State = NoticeState.Published })];

    private static Notice Read(string content)
    {
        var parts = content.Split("---\n", 3);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(parts[1]));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        string? S(YamlMappingNode node, string key) => node.Children.TryGetValue(key, out var v) ? ((YamlScalarNode)v).Value : null;
        List<string> L(string key) => root.Children.TryGetValue(key, out var v) ? [.. ((YamlSequenceNode)v).Children.Select(c => ((YamlScalarNode)c).Value!)] : [];
        var zone = S(root, "timezone");
        DateTimeOffset? T(string? value)
        {
            if (value is null)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && value.Length > 16)
            {
                return withOffset;
            }

            var local = DateTime.Parse(value, CultureInfo.InvariantCulture);
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone!);
            return new DateTimeOffset(local, tz.GetUtcOffset(local));
        }

        var window = root.Children.TryGetValue("window", out var w) ? (YamlMappingNode)w : new YamlMappingNode();
        var body = parts[2];
        var sections = body.Split("\n## ").Skip(1).Select(s =>
        {
            var newline = s.IndexOf('\n', StringComparison.Ordinal);
            return new NoticeSection(s[..newline].Trim(), s[newline..].Trim());
        }).ToList();
        var faq = root.Children.TryGetValue("faq", out var f)
            ? ((YamlSequenceNode)f).Children.Cast<YamlMappingNode>().Select(e => new FaqEntry(S(e, "q")!, S(e, "a")!)).ToList()
            : [];
        var endpoints = root.Children.TryGetValue("endpoints", out var e)
            ? ((YamlSequenceNode)e).Children.Cast<YamlMappingNode>().Select(x => new NoticeEndpoint(S(x, "name")!, S(x, "current"), S(x, "test"))).ToList()
            : [];
        return new Notice
        {
            Id = S(root, "id")!,
            Title = S(root, "title")!,
            Severity = S(root, "severity") switch { "breaking" => Severity.Breaking, "action-required" => Severity.ActionRequired, _ => Severity.Info },
            Products = L("products"),
            Environments = L("environments"),
            Tags = L("tags"),
            TimeZone = zone,
            WindowStart = T(S(window, "start")),
            WindowEnd = T(S(window, "end")),
            ActionDeadline = T(S(root, "action_deadline")),
            Downtime = S(root, "downtime") switch { "none" => Downtime.None, "partial" => Downtime.Partial, "full" => Downtime.Full, _ => null },
            Endpoints = endpoints,
            Faq = faq,
            Body = body,
            Sections = sections,
        };
    }
}
