using ChangeBot.Core.Notices;

namespace ChangeBot.Cli;

/// <summary>Finds the notice named by <c>check --notice</c> in the configured store (<c>--data</c> for LiteDB).</summary>
internal static class CheckNotices
{
    /// <exception cref="CliException">The store cannot be opened, or holds no such notice (a usage error).</exception>
    public static async Task<Notice> FindAsync(string noticeId, string? dataDirectory, CancellationToken ct)
    {
        await using var opened = await CliStore.OpenAsync(dataDirectory, StoreAccess.Read, ct);
        return await opened.Store.GetNoticeAsync(noticeId, ct)
            ?? throw new CliException(
                $"--notice {noticeId}: there is no such notice in the store; import it first with 'changebot notices import'.",
                CliApp.UsageError);
    }
}
