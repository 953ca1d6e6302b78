namespace ChangeBot.Core.Notices;

/// <summary>
/// Turns notice files (Markdown with YAML front matter, SPEC §3) into <see cref="Notice"/>s, or into
/// errors that name the file, the line and what is wrong.
/// </summary>
public sealed class NoticeImporter
{
    /// <summary>Parses one notice. <paramref name="sourceName"/> is used in errors;
    /// <paramref name="baseDirectory"/> resolves a <c>bundle:</c> path.</summary>
    public NoticeParseResult Parse(string content, string sourceName, string? baseDirectory = null) =>
        throw new NotImplementedException();

    /// <summary>Parses files and folders (every <c>*.md</c> inside). All or nothing: <see cref="NoticeBatch.Notices"/>
    /// is empty whenever any file has an error; an id used twice in the batch is an error.</summary>
    public NoticeBatch ParseFiles(IEnumerable<string> paths) => throw new NotImplementedException();
}

public sealed record NoticeParseResult(Notice? Notice, IReadOnlyList<NoticeError> Errors);

public sealed record NoticeBatch(IReadOnlyList<Notice> Notices, IReadOnlyList<NoticeError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
