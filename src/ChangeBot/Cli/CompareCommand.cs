using System.CommandLine;
using ChangeBot.Core.Checks;

namespace ChangeBot.Cli;

/// <summary>
/// <c>changebot compare &lt;notice-id&gt;</c>: checks each of the notice's endpoints that names both a
/// <c>current</c> and a <c>test</c> URL and says what will change for a client (issuer, root, key,
/// signature algorithm, expiry, per-platform verdicts). Exit 0 when compared, 2 when an endpoint could
/// not be checked, 64 for an unknown notice or one without such endpoints.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var notice = new Argument<string>("notice-id") { Description = "The notice whose current and test endpoints to compare" };
        var data = new Option<string?>("--data") { Description = "Data directory of the embedded store" };
        var command = new Command("compare", "Say what changes for a client between a notice's current and test endpoints.") { notice, data };
        command.SetAction((result, ct) => RunAsync(result.GetRequiredValue(notice), result.GetValue(data), result.InvocationConfiguration, ct));
        return command;
    }

    private static async Task<int> RunAsync(string noticeId, string? dataDirectory, InvocationConfiguration io, CancellationToken ct)
    {
        Core.Notices.Notice notice;
        try
        {
            notice = await CheckNotices.FindAsync(noticeId, dataDirectory, ct);
        }
        catch (CliException e)
        {
            await io.Error.WriteLineAsync(e.Message.Replace("--notice ", "", StringComparison.Ordinal));
            return e.ExitCode;
        }

        var pairs = NoticeComparison.Pairs(notice);
        if (pairs.Count == 0)
        {
            await io.Error.WriteLineAsync(NoticeComparison.NoPairs(noticeId));
            return CliApp.UsageError;
        }

        var checker = new ChainChecker(new UnrestrictedResolver(), TimeProvider.System, PlatformStores.Embedded);
        var exit = 0;
        foreach (var endpoint in pairs)
        {
            var compared = await NoticeComparison.CompareAsync(checker, endpoint, CheckRequest.DefaultTimeout, ct);
            if (compared.Problem is { } problem)
            {
                await io.Error.WriteLineAsync($"{noticeId}: endpoint '{endpoint.Name}': {problem}");
                return CliApp.UsageError;
            }

            await io.Output.WriteLineAsync(compared.Render());
            exit = compared.Failed ? 2 : exit;
        }

        return exit;
    }
}
