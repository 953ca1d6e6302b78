using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Notices;

namespace ChangeBot.Cli;

/// <summary>
/// <c>changebot check &lt;target&gt;</c> (docs/checks.md#verdict-and-exit-codes): runs as the local user, so no SSRF guard. Exit 0 when
/// trusted with no problems, 1 for problems, 2 when the endpoint could not be checked, 64 for usage errors
/// (bad target, unusable trust-store or chain file, unknown notice). <c>--chain-file</c> judges a saved
/// chain instead of connecting.
/// </summary>
internal static class CheckCommand
{
    /// <summary>Where scripts can give the trust-store password without a prompt or a visible argument.</summary>
    public const string PasswordVariable = "CHANGEBOT_CA_PASSWORD";

    public static Command Create()
    {
        var target = new Argument<string?>("target")
        {
            Description = "host, host:port, https:// URL, or smtp/imap/pop3/ldap/postgres:// (STARTTLS) URL of the endpoint (with --chain-file: the name to match, optional)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var chainFile = new Option<string?>("--chain-file")
        {
            Description = "Judge the chain in this file (PEM, leaf first, or one DER certificate) without any network access",
        };
        var caFiles = new Option<string[]>("--ca-file")
        {
            Description = "Trust store to judge by (PEM bundle, PEM/DER certificate, PKCS#12, JKS); repeatable",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var caPassword = new Option<string?>("--ca-password")
        {
            Description = $"Password of PKCS#12/JKS files (else ${PasswordVariable}, else empty, then 'changeit')",
        };
        var notice = new Option<string?>("--notice") { Description = "Notice id whose announced root and intermediate the chain must lead to" };
        var data = new Option<string?>("--data") { Description = "Data directory of the embedded store (for --notice)" };
        var timeout = new Option<double?>("--timeout")
        {
            Description = "Seconds allowed for connect and handshake (default 10)",
            CustomParser = ParseTimeout,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };

        var command = new Command("check", "Check the TLS certificate chain an endpoint presents.")
        {
            target, chainFile, caFiles, caPassword, notice, data, timeout, json,
        };
        command.SetAction((result, ct) => RunAsync(new CheckArguments(
            result.GetValue(target),
            result.GetValue(chainFile),
            result.GetValue(caFiles) ?? [],
            result.GetValue(caPassword),
            result.GetValue(notice),
            result.GetValue(data),
            result.GetValue(timeout),
            result.GetValue(json)), result.InvocationConfiguration, ct));
        return command;
    }

    private static async Task<int> RunAsync(CheckArguments arguments, InvocationConfiguration io, CancellationToken ct)
    {
        CheckTarget target;
        if (arguments.Target is null && arguments.ChainFile is { } file)
        {
            target = CheckTarget.ForFile(file);
        }
        else if (!CheckTarget.TryParse(arguments.Target, out target!, out var problem))
        {
            await io.Error.WriteLineAsync(arguments.Target is null ? "Give the endpoint to check, or --chain-file FILE." : problem);
            return CliApp.UsageError;
        }

        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? chain = null;
        try
        {
            chain = arguments.ChainFile is null ? null : ChainFile.Load(arguments.ChainFile);
        }
        catch (ChainFileException e)
        {
            await io.Error.WriteLineAsync(e.Message);
            return CliApp.UsageError;
        }

        List<TrustStore> stores;
        Notice? notice;
        try
        {
            var password = arguments.CaPassword ?? Environment.GetEnvironmentVariable(PasswordVariable);
            stores = [.. arguments.CaFiles.Select(path => TrustStoreLoader.Load(path, password))];
            notice = arguments.NoticeId is null ? null : await CheckNotices.FindAsync(arguments.NoticeId, arguments.DataDirectory, ct);
        }
        catch (TrustStoreException e)
        {
            await io.Error.WriteLineAsync(e.Message);
            return CliApp.UsageError;
        }
        catch (CliException e)
        {
            await io.Error.WriteLineAsync(e.Message);
            return e.ExitCode;
        }

        var request = new CheckRequest(target)
        {
            TrustStores = stores,
            Notice = notice is null ? null : new NoticeChain(notice.Id, notice.Certificates),
            Timeout = arguments.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : CheckRequest.DefaultTimeout,
        };
        var checker = new ChainChecker(new UnrestrictedResolver(), TimeProvider.System, PlatformStores.Embedded);
        var outcome = chain is null ? await checker.CheckAsync(request, ct) : checker.CheckChain(request, chain, ct);

        await io.Output.WriteAsync(arguments.Json
            ? CheckJson.Serialize(outcome) + Environment.NewLine
            : CheckText.Render(outcome, notice?.Certificates?.Root?.Subject));
        return outcome.Verdict switch
        {
            CheckVerdict.Ok => 0,
            CheckVerdict.Problems => 1,
            _ => 2,
        };
    }

    private static double? ParseTimeout(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 300)
        {
            return seconds;
        }

        result.AddError($"--timeout '{text}' is not a number of seconds above 0 and at most 300.");
        return null;
    }

    private sealed record CheckArguments(
        string? Target, string? ChainFile, string[] CaFiles, string? CaPassword, string? NoticeId, string? DataDirectory, double? TimeoutSeconds, bool Json);
}
