using System.Globalization;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>Reads the list fields made of small records: <c>endpoints</c> and <c>faq</c>.</summary>
internal static class DetailsReader
{
    private static readonly string[] EndpointFields = ["name", "current", "test"];
    private static readonly string[] FaqFields = ["q", "a"];

    public static List<NoticeEndpoint> ReadEndpoints(YamlFields fields, NoticeErrorList errors)
    {
        var endpoints = new List<NoticeEndpoint>();
        foreach (var entry in Entries(fields, "endpoints", "[{name: API, current: https://api.example.com}]", EndpointFields, errors))
        {
            var name = entry.Text("name");
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(entry.LineOf("name"), $"{entry.Path} has no name");
            }

            var current = ReadUrl(entry, "current", errors);
            var test = ReadUrl(entry, "test", errors);
            if (!string.IsNullOrEmpty(name))
            {
                endpoints.Add(new NoticeEndpoint(name, current, test));
            }
        }

        return endpoints;
    }

    public static List<FaqEntry> ReadFaq(YamlFields fields, NoticeErrorList errors)
    {
        var faq = new List<FaqEntry>();
        foreach (var entry in Entries(fields, "faq", "[{q: question, a: answer}]", FaqFields, errors))
        {
            var question = entry.Text("q");
            var answer = entry.Text("a");
            if (string.IsNullOrEmpty(question))
            {
                errors.Add(entry.LineOf("q"), $"{entry.Path} has no question (q)");
            }

            if (string.IsNullOrEmpty(answer))
            {
                errors.Add(entry.LineOf("a"), $"{entry.Path} has no answer (a)");
            }

            if (!string.IsNullOrEmpty(question) && !string.IsNullOrEmpty(answer))
            {
                faq.Add(new FaqEntry(question, answer));
            }
        }

        return faq;
    }

    /// <summary>The mappings of a list field, each checked for unknown fields; bad items are reported and skipped.</summary>
    private static IEnumerable<YamlFields> Entries(
        YamlFields fields, string name, string example, string[] known, NoticeErrorList errors)
    {
        if (fields.Value(name) is not { } node)
        {
            yield break;
        }

        var items = YamlFields.Sequence(node, name, example, errors) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]");
            if (YamlFields.Read(items[i], path, known, errors) is { } entry)
            {
                yield return entry;
            }
        }
    }

    private static string? ReadUrl(YamlFields entry, string name, NoticeErrorList errors)
    {
        var text = entry.Text(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.Host.Length > 0)
        {
            return text;
        }

        errors.Add(entry.Value(name)!, $"bad URL in {entry.FieldPath(name)}: '{text}' is not an absolute http(s) URL such as https://api.example.com");
        return null;
    }
}
