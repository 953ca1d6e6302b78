namespace ChangeBot.Core.Notices.Importing;

/// <summary>A notice file split into its YAML front matter and its Markdown body.
/// <see cref="YamlFirstLine"/> is the file line of the YAML's first line, so YAML marks map to file lines.</summary>
internal sealed record FrontMatter(string Yaml, int YamlFirstLine, string Body)
{
    private const string Fence = "---";

    /// <summary>Splits <paramref name="content"/>; null (with an error) when the file has no front matter.</summary>
    public static FrontMatter? Split(string content, NoticeErrorList errors)
    {
        var lines = content.TrimStart('\uFEFF').ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != Fence)
        {
            errors.Add(1, "a notice starts with YAML front matter: a '---' line, the fields, then a closing '---' line");
            return null;
        }

        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() is Fence or "...")
            {
                var yaml = string.Join('\n', lines[1..i]);
                var body = string.Join('\n', lines[(i + 1)..]).Trim('\n');
                return new FrontMatter(yaml, 2, body);
            }
        }

        errors.Add(1, "the front matter opened on this line is never closed by a '---' line");
        return null;
    }
}
