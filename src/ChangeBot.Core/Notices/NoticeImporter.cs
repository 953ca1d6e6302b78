using System.Security.Cryptography;
using System.Text;
using ChangeBot.Core.Notices.Importing;

namespace ChangeBot.Core.Notices;

/// <summary>
/// Turns notice files (Markdown with YAML front matter, docs/writing-notices.md#front-matter-fields) into <see cref="Notice"/>s, or into
/// errors that name the file, the line and what is wrong.
/// </summary>
public sealed class NoticeImporter
{
    /// <summary>Parses one notice. <paramref name="sourceName"/> is used in errors;
    /// <paramref name="baseDirectory"/> resolves a <c>bundle:</c> path.</summary>
    public NoticeParseResult Parse(string content, string sourceName, string? baseDirectory = null) =>
        Parse(content, sourceName, new BundleSource(baseDirectory));

    /// <summary>Parses one notice sent as text (no folder) that may keep its stored copy's bundle: a <c>bundle:</c>
    /// naming <paramref name="kept"/>'s file gets that PEM; any other file is an error, as without it.</summary>
    public NoticeParseResult Parse(string content, string sourceName, KeptBundle? kept) =>
        Parse(content, sourceName, new BundleSource(null, kept));

    private static NoticeParseResult Parse(string content, string sourceName, BundleSource bundles)
    {
        var parsed = ParseWithId(content, sourceName, bundles);
        return new NoticeParseResult(parsed.Notice, parsed.Errors);
    }

    /// <summary>The files <see cref="ParseFiles"/> reads for <paramref name="paths"/> (to send them elsewhere, e.g. to a server).</summary>
    public IReadOnlyList<string> FindFiles(IEnumerable<string> paths) => NoticeFiles.Expand(paths, []);

    /// <summary>Parses files and folders (every <c>*.md</c> directly inside). All or nothing: <see cref="NoticeBatch.Notices"/>
    /// is empty whenever any file has an error; an id used twice in the batch is an error.</summary>
    public NoticeBatch ParseFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var errors = new List<NoticeError>();
        var notices = new List<Notice>();
        var firstUse = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var file in NoticeFiles.Expand(paths, errors))
        {
            if (NoticeFiles.Read(file, errors) is not { } content)
            {
                continue;
            }

            var parsed = ParseWithId(content, file, new BundleSource(Path.GetDirectoryName(Path.GetFullPath(file))));
            errors.AddRange(parsed.Errors);
            if (parsed.Id is not null && !firstUse.TryAdd(parsed.Id, file))
            {
                errors.Add(new NoticeError(file, parsed.IdLine, $"duplicate id '{parsed.Id}': {firstUse[parsed.Id]} already uses it"));
            }
            else if (parsed.Notice is not null)
            {
                notices.Add(parsed.Notice);
            }
        }

        return errors.Count > 0 ? new NoticeBatch([], errors) : new NoticeBatch(notices, []);
    }

    private sealed record ParsedNotice(Notice? Notice, IReadOnlyList<NoticeError> Errors, string? Id, int IdLine);

    private static ParsedNotice ParseWithId(string content, string sourceName, BundleSource bundles)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(sourceName);
        var errors = new NoticeErrorList(sourceName);
        if (FrontMatter.Split(content, errors) is not { } frontMatter)
        {
            return new ParsedNotice(null, errors.Errors, null, 0);
        }

        errors.YamlFirstLine = frontMatter.YamlFirstLine;
        if (!FrontMatterYaml.TryLoad(frontMatter.Yaml, errors, out var root))
        {
            return new ParsedNotice(null, errors.Errors, null, 0);
        }

        var fields = NoticeFieldsReader.Read(root, errors, bundles);
        if (fields.Notice is null || errors.Any)
        {
            return new ParsedNotice(null, errors.Errors, fields.Id, fields.IdLine);
        }

        var notice = fields.Notice with
        {
            Body = frontMatter.Body,
            Sections = NoticeBody.Sections(frontMatter.Body),
            ContentHash = ContentHash(content, fields.BundlePem),
            Source = content,
        };
        return new ParsedNotice(notice, [], fields.Id, fields.IdLine);
    }

    /// <summary>SHA-256 (hex) of the file and its bundle: equal hashes mean an unchanged notice.</summary>
    public static string ContentHash(string content, string? bundlePem)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(content));
        if (bundlePem is not null)
        {
            // A separator, so that moving text between file and bundle changes the hash.
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(bundlePem));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

public sealed record NoticeParseResult(Notice? Notice, IReadOnlyList<NoticeError> Errors);

public sealed record NoticeBatch(IReadOnlyList<Notice> Notices, IReadOnlyList<NoticeError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
