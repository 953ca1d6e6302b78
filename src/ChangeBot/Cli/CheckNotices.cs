using ChangeBot.Core.Notices;

namespace ChangeBot.Cli;

/// <summary>Finds the notice named by <c>check --notice</c> in the embedded store.</summary>
internal static class CheckNotices
{
    /// <exception cref="CliException">The store cannot be opened, or holds no such notice (usage error).</exception>
    public static Task<Notice?> FindAsync(string noticeId, string? dataDirectory, CancellationToken ct)
    {
        _ = dataDirectory;
        _ = ct;
        throw new CliException($"--notice {noticeId}: the embedded store is not available in this build yet.", CliApp.UsageError);
    }
}
