using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>One YAML mapping of a notice (the front matter, <c>window</c>, an endpoint, …) with its keys
/// checked against the fields that mapping may have. Typed accessors report wrong shapes as errors
/// and return null, so reading goes on and every problem of the file is found.</summary>
internal sealed class YamlFields
{
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> fields = new(StringComparer.Ordinal);
    private readonly NoticeErrorList errors;

    private readonly int ownerLine;

    private YamlFields(YamlMappingNode node, string path, NoticeErrorList errors, int ownerLine)
    {
        Node = node;
        Path = path;
        this.errors = errors;
        this.ownerLine = ownerLine;
    }

    public YamlMappingNode Node { get; }

    /// <summary>Where this mapping sits, for messages: "" for the front matter, "window", "endpoints[2]".</summary>
    public string Path { get; }

    /// <summary>The mapping's fields, or null (with an error) when <paramref name="node"/> is not a mapping.
    /// <paramref name="ownerLine"/> is where a missing field is reported: the line of the key that holds this
    /// mapping (<c>window:</c>), the opening '---' for the front matter; by default the mapping's first line.</summary>
    public static YamlFields? Read(YamlNode node, string path, IReadOnlyCollection<string> known, NoticeErrorList errors, int? ownerLine = null)
    {
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(node, $"{Describe(path)} must be a set of fields (name: value), not {ShapeOf(node)}");
            return null;
        }

        var result = new YamlFields(mapping, path, errors, ownerLine ?? errors.LineOf(mapping));
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                errors.Add(key, $"a field name must be plain text, not {ShapeOf(key)}");
            }
            else if (!known.Contains(name))
            {
                var where = path.Length == 0 ? "" : $" in {path}";
                errors.Add(key, $"unknown field '{name}'{where}; known fields: {string.Join(", ", known)}");
            }
            else
            {
                result.fields[name] = (key, value);
            }
        }

        return result;
    }

    /// <summary>The field's value node, or null when the field is absent or written as null (<c>key:</c>).</summary>
    public YamlNode? Value(string name) =>
        fields.TryGetValue(name, out var field) && !IsNull(field.Value) ? field.Value : null;

    /// <summary>The line a problem with the whole field is reported on: its key, or for a missing field the owner's line.</summary>
    public int LineOf(string name) =>
        fields.TryGetValue(name, out var field) ? errors.LineOf(field.Key) : ownerLine;

    /// <summary>The field's text, or null when absent; an error when it is a list or a mapping.</summary>
    public string? Text(string name) => Value(name) is { } node ? Scalar(node, FieldPath(name), errors) : null;

    public string FieldPath(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    /// <summary>The text of a scalar node, or null with an error when it is not a scalar.</summary>
    public static string? Scalar(YamlNode node, string path, NoticeErrorList errors)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            return text.Trim();
        }

        errors.Add(node, $"{Describe(path)} must be a single value, not {ShapeOf(node)}");
        return null;
    }

    /// <summary>The items of a sequence node, or null with an error when it is not a list.</summary>
    public static IReadOnlyList<YamlNode>? Sequence(YamlNode node, string path, string example, NoticeErrorList errors)
    {
        if (node is YamlSequenceNode sequence)
        {
            return sequence.Children.ToList();
        }

        errors.Add(node, $"{Describe(path)} must be a list such as {example}, not {ShapeOf(node)}");
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string Describe(string path) => path.Length == 0 ? "the front matter" : $"'{path}'";

    private static string ShapeOf(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a set of fields",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "something else",
    };
}
