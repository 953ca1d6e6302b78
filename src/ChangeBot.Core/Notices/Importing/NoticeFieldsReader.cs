using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>What the front matter yielded: the notice (null when anything is wrong), and the id with its
/// line even then, so a batch can still report an id used twice.</summary>
internal sealed record NoticeFields(Notice? Notice, string? Id, int IdLine, string? BundlePem);

/// <summary>Reads the front matter's top-level fields (docs/writing-notices.md#front-matter-fields) and hands the nested ones to their readers.</summary>
internal static partial class NoticeFieldsReader
{
    private static readonly string[] Known =
    [
        "id", "title", "severity", "products", "environments", "tags", "posted", "timezone",
        "window", "action_deadline", "downtime", "reminders", "endpoints", "certificates", "faq",
    ];

    private static readonly Dictionary<string, Severity> Severities = new(StringComparer.Ordinal)
    {
        ["info"] = Severity.Info,
        ["action-required"] = Severity.ActionRequired,
        ["breaking"] = Severity.Breaking,
    };

    private static readonly Dictionary<string, Downtime> Downtimes = new(StringComparer.Ordinal)
    {
        ["none"] = Downtime.None,
        ["partial"] = Downtime.Partial,
        ["full"] = Downtime.Full,
    };

    public static NoticeFields Read(YamlNode? root, NoticeErrorList errors, BundleSource bundles)
    {
        if (root is null)
        {
            errors.Add(1, "missing required field 'id'");
            errors.Add(1, "missing required field 'title'");
            return new NoticeFields(null, null, 0, null);
        }

        var fields = YamlFields.Read(root, "", Known, errors, ownerLine: 1);
        if (fields is null)
        {
            return new NoticeFields(null, null, 0, null);
        }

        var id = ReadId(fields, errors);
        var title = Required(fields, "title", errors);
        var severity = ReadChoice(fields, "severity", Severities, errors) ?? Severity.Info;
        var downtime = ReadChoice(fields, "downtime", Downtimes, errors);
        var products = ReadSlugs(fields, "products", errors);
        var environments = ReadSlugs(fields, "environments", errors);
        var tags = ReadSlugs(fields, "tags", errors);
        var schedule = ScheduleReader.Read(fields, errors);
        var endpoints = DetailsReader.ReadEndpoints(fields, errors);
        var faq = DetailsReader.ReadFaq(fields, errors);
        var certificates = CertificatesReader.Read(fields, errors, bundles);

        if (errors.Any || id is null || title is null)
        {
            return new NoticeFields(null, id, fields.LineOf("id"), null);
        }

        var notice = new Notice
        {
            Id = id,
            Title = title,
            Severity = severity,
            Products = products,
            Environments = environments,
            Tags = tags,
            Posted = schedule.Posted,
            TimeZone = schedule.TimeZone,
            WindowStart = schedule.WindowStart,
            WindowEnd = schedule.WindowEnd,
            ActionDeadline = schedule.ActionDeadline,
            Downtime = downtime,
            Reminders = schedule.Reminders,
            Endpoints = endpoints,
            Certificates = certificates,
            Faq = faq,
        };
        return new NoticeFields(notice, id, fields.LineOf("id"), certificates?.BundlePem);
    }

    private static string? ReadId(YamlFields fields, NoticeErrorList errors)
    {
        var id = Required(fields, "id", errors);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            errors.Add(fields.Value("id")!, $"bad id '{id}': an id is 3 to 80 lower-case letters, digits or '-' (e.g. api-sandbox-tls-certificate)");
            return null;
        }

        return id;
    }

    private static string? Required(YamlFields fields, string name, NoticeErrorList errors)
    {
        if (fields.Value(name) is null)
        {
            errors.Add(fields.LineOf(name), $"missing required field '{name}'");
            return null;
        }

        var text = fields.Text(name);
        if (text is { Length: 0 })
        {
            errors.Add(fields.Value(name)!, $"'{name}' is empty");
            return null;
        }

        return text;
    }

    private static T? ReadChoice<T>(YamlFields fields, string name, Dictionary<string, T> choices, NoticeErrorList errors)
        where T : struct
    {
        var text = fields.Text(name);
        if (text is null)
        {
            return null;
        }

        if (choices.TryGetValue(text, out var value))
        {
            return value;
        }

        errors.Add(fields.Value(name)!, $"bad {name} '{text}'; use one of: {string.Join(", ", choices.Keys)}");
        return null;
    }

    private static List<string> ReadSlugs(YamlFields fields, string name, NoticeErrorList errors)
    {
        var slugs = new List<string>();
        if (fields.Value(name) is not { } node || YamlFields.Sequence(node, name, "[api, sandbox]", errors) is not { } items)
        {
            return slugs;
        }

        foreach (var item in items)
        {
            var slug = YamlFields.Scalar(item, name, errors);
            if (slug is not null && !SlugPattern().IsMatch(slug))
            {
                errors.Add(item, $"bad slug '{slug}' in {name}: a slug is lower-case letters, digits and '-' (at most 80), starting with a letter or digit");
            }
            else if (slug is not null && !slugs.Contains(slug))
            {
                slugs.Add(slug);
            }
        }

        return slugs;
    }

    [GeneratedRegex(@"^[a-z0-9-]{3,80}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,79}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
