using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Notices;

/// <summary>Writes notice files into a temp folder and imports them through <see cref="NoticeImporter.ParseFiles"/>,
/// always next to a valid notice, so every error test also proves the batch is all or nothing.</summary>
internal sealed class NoticeFileBatch : IDisposable
{
    /// <summary>A complete, valid notice; tests that need a bad one write their own front matter.</summary>
    public const string ValidNotice = """
        ---
        id: valid-companion
        title: A valid notice in the same batch
        timezone: America/Los_Angeles
        window:
          start: 2016-12-06 07:00
          end: 2016-12-06 11:00
        ---
        ## What is changing
        Nothing much.
        """;

    private readonly TempDirectory folder = new();

    public string Folder => folder.Path;

    public string Write(string name, string content)
    {
        var path = folder.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Imports <paramref name="content"/> as <c>notice.md</c> beside a valid notice and checks
    /// that the batch failed as a whole.</summary>
    public NoticeBatch ImportFailing(string content)
    {
        Write("good.md", ValidNotice);
        var bad = Write("notice.md", content);
        var batch = new NoticeImporter().ParseFiles([folder.Path]);
        Assert.False(batch.Succeeded, $"expected {bad} to fail the import");
        Assert.Empty(batch.Notices);
        return batch;
    }

    public string PathOf(string name) => folder.File(name);

    public void Dispose() => folder.Dispose();
}

internal static class NoticeErrorAssert
{
    /// <summary>Asserts an error on exactly this file and line whose message contains <paramref name="reason"/>.</summary>
    public static NoticeError HasError(NoticeBatch batch, string file, int line, string reason) =>
        HasError(batch.Errors, file, line, reason);

    public static NoticeError HasError(IReadOnlyList<NoticeError> errors, string file, int line, string reason)
    {
        var match = errors.FirstOrDefault(e => e.File == file && e.Line == line && e.Message.Contains(reason, StringComparison.Ordinal));
        Assert.True(match is not null,
            $"expected an error {file}:{line}: …{reason}…; got:\n{string.Join("\n", errors)}");
        return match!;
    }
}
