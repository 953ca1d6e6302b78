namespace ChangeBot.Core.Notices;

/// <summary>Bounds every way a notice comes in (a file the CLI or the seed imports, a REST body) alike, so a
/// notice one of them accepts is never refused by another.</summary>
public static class NoticeLimits
{
    /// <summary>The largest notice file, in bytes (a real notice is a few KiB).</summary>
    public const int MaxNoticeBytes = 256 * 1024;

    public static string TooLarge(long bytes) =>
        $"the file is {bytes} bytes; a notice may be at most {MaxNoticeBytes / 1024} KiB ({MaxNoticeBytes} bytes)";
}
