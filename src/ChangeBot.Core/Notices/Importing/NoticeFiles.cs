using System.Text;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>Finds and reads notice files. Problems that are not on a line of the file (a missing path,
/// an unreadable file) are reported on line <see cref="NoticeError.NoLine"/>.</summary>
internal static class NoticeFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The files named, and the <c>*.md</c> files directly inside the folders named (sorted, so
    /// errors and "already uses it" messages are stable); each file once. A folder's README.md documents
    /// the folder and is not a notice.</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, List<NoticeError> errors)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var inside = Directory.GetFiles(path, "*.md", SearchOption.TopDirectoryOnly)
                    .Where(file => !Path.GetFileName(file).Equals("README.md", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (inside.Count == 0)
                {
                    errors.Add(new NoticeError(path, NoticeError.NoLine, "the folder has no notice files (*.md)"));
                }

                files.AddRange(inside.Where(file => seen.Add(Path.GetFullPath(file))));
            }
            else if (File.Exists(path))
            {
                if (seen.Add(Path.GetFullPath(path)))
                {
                    files.Add(path);
                }
            }
            else
            {
                errors.Add(new NoticeError(path, NoticeError.NoLine, "no such file or folder"));
            }
        }

        return files;
    }

    /// <summary>The file's text, or null with an error when it cannot be read or is not UTF-8.</summary>
    public static string? Read(string file, List<NoticeError> errors)
    {
        try
        {
            var length = new FileInfo(file).Length;
            if (length > NoticeLimits.MaxNoticeBytes)
            {
                errors.Add(new NoticeError(file, NoticeError.NoLine, NoticeLimits.TooLarge(length)));
                return null;
            }

            return File.ReadAllText(file, StrictUtf8);
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new NoticeError(file, NoticeError.NoLine, "cannot read the file: it is not UTF-8 text"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new NoticeError(file, NoticeError.NoLine, $"cannot read the file: {ex.Message}"));
        }

        return null;
    }
}
