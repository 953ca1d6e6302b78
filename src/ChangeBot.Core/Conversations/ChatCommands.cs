using System.Text.RegularExpressions;
using ChangeBot.Core.Acknowledgements;

namespace ChangeBot.Core.Conversations;

/// <summary>One chat command: its word, how it is written, what it does, and how its arguments are checked.</summary>
/// <param name="Validate">Returns what is wrong with the arguments, or null when they are fine.</param>
public sealed record ChatCommand(
    string Name,
    string Usage,
    string Summary,
    string Example,
    bool SupportOnly,
    Func<IReadOnlyList<string>, string?> Validate);

/// <summary>
/// The command table (docs/support-workflow.md#chat-command-reference). The parser and the help text both read it, so they cannot disagree.
/// </summary>
public static partial class ChatCommands
{
    public const string Help = "help";
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string Subscriptions = "subscriptions";
    public const string Notices = "notices";
    public const string Notice = "notice";
    public const string Check = "check";
    public const string Compare = "compare";
    public const string Ack = "ack";
    public const string Publish = "publish";
    public const string Update = "update";
    public const string Reschedule = "reschedule";
    public const string Cancel = "cancel";
    public const string Readiness = "readiness";
    public const string Unanswered = "unanswered";
    public const string Watch = "watch";
    public const string Watches = "watches";
    public const string Unwatch = "unwatch";

    /// <summary>The answers <c>ack</c> accepts, as typed.</summary>
    public static IReadOnlyList<string> AckAnswers { get; } = ["ready", "not-affected", "need-help"];

    public static IReadOnlyList<ChatCommand> All { get; } =
    [
        new(Help, "help [command]", "show what I can do, or how one command works", "help subscribe", false, _ => null),
        new(Subscribe, "subscribe [filters…]", "post notices here; filters are product, environment or tag slugs (none = every notice)", "subscribe api-sandbox tls", false, Slugs),
        new(Unsubscribe, "unsubscribe [filters…]", "stop the subscription with exactly these filters (none = every subscription here)", "unsubscribe api-sandbox", false, Slugs),
        new(Subscriptions, "subscriptions", "list this conversation's subscriptions", "subscriptions", false, args => NoArguments(args, Subscriptions)),
        new(Notices, "notices", "list current notices", "notices", false, args => NoArguments(args, Notices)),
        new(Notice, "notice <id> [page]", "show one notice (a long one in pages)", "notice api-sandbox-tls-certificate", false, ValidateNotice),
        new(Check, "check <host[:port] | https-url> [for <notice-id>]", "check an endpoint's certificate chain (against a notice's announced chain with 'for'); or paste a PEM chain after 'check' to judge it offline", "check apisandbox-api.zuora.com for api-sandbox-tls-certificate", false, ValidateCheck),
        new(Watch, "watch <host[:port] | https-url> [store mozilla|debian|java|microsoft|apple]", "check an endpoint of yours daily and alert this channel before its certificate expires, when its issuer or root changes, or when it stops verifying", "watch api.example.com store java", false, ValidateWatch),
        new(Watches, "watches", "list the endpoints this channel watches, with their last result and next alert", "watches", false, args => NoArguments(args, Watches)),
        new(Unwatch, "unwatch <host[:port] | https-url>", "stop watching an endpoint in this channel", "unwatch api.example.com", false, ValidateUnwatch),
        new(Compare, "compare <notice-id>", "say what changes for a client between a notice's current and test endpoints (issuer, root, key, signature, expiry, per-platform trust)", "compare api-sandbox-tls-certificate", false, args => OneId(args, "compare")),
        new(Ack, "ack <notice-id> [ready | not-affected | need-help]", "tell support this conversation is ready for a notice (need-help asks support for help)", "ack api-sandbox-tls-certificate ready", false, ValidateAck),
        new(Publish, "publish <id>", "publish a draft notice and broadcast it to subscribers", "publish api-sandbox-tls-certificate", true, args => OneId(args, "publish")),
        new(Update, "update <id> <text>", "post an update in every thread the notice was broadcast to", "update api-sandbox-tls-certificate The test endpoint is back.", true, args => IdAndText(args, "update", "the update text")),
        new(Reschedule, "reschedule <id> <new deadline>", "move a notice's action deadline (ISO 8601, or a local time in the notice's zone)", "reschedule api-sandbox-tls-certificate 2016-12-13T07:00", true, args => IdAndText(args, "reschedule", "the new deadline")),
        new(Cancel, "cancel <id>", "cancel a notice and tell its subscribers", "cancel api-sandbox-tls-certificate", true, args => OneId(args, "cancel")),
        new(Readiness, "readiness <id>", "show who is ready for a notice", "readiness api-sandbox-tls-certificate", true, args => OneId(args, "readiness")),
        new(Unanswered, "unanswered", "list questions I could not answer", "unanswered", true, args => NoArguments(args, Unanswered)),
    ];

    public static ChatCommand? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Notice ids and subscription filters: <c>[a-z0-9-]</c>, 1 to 80 characters.</summary>
    public static bool IsSlug(string value) => SlugPattern().IsMatch(value);

    private static string? NoArguments(IReadOnlyList<string> args, string command) =>
        args.Count == 0 ? null : $"{command} takes no arguments; I did not expect '{string.Join(' ', args)}'.";

    private static string? Slugs(IReadOnlyList<string> args)
    {
        var bad = args.FirstOrDefault(a => !IsSlug(a.ToLowerInvariant()));
        return bad is null ? null : $"'{bad}' is not a filter: use product, environment or tag slugs (letters, digits and '-'), e.g. api-sandbox.";
    }

    private static string? OneId(IReadOnlyList<string> args, string command) => args.Count switch
    {
        0 => $"{command} needs a notice id, e.g. '{command} api-sandbox-tls-certificate'. Type 'notices' to see them.",
        1 => IsSlug(args[0].ToLowerInvariant()) ? null : $"'{args[0]}' is not a notice id (letters, digits and '-').",
        _ => $"{command} takes one notice id; I did not expect '{string.Join(' ', args.Skip(1))}'.",
    };

    /// <summary>The most pages a notice can have: the notice size limit over the smallest page.</summary>
    public const int MaxNoticePage = 999;

    private static string? ValidateNotice(IReadOnlyList<string> args) =>
        args.Count == 2
            ? OneId(args.Take(1).ToList(), Notice) ?? (int.TryParse(args[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) && page is >= 1 and <= MaxNoticePage
                ? null
                : $"'{args[1]}' is not a page number; say e.g. 'notice {args[0]} 2'.")
            : OneId(args, Notice);

    private static string? IdAndText(IReadOnlyList<string> args, string command, string what) =>
        args.Count < 2 ? $"{command} needs a notice id and {what}: '{Find(command)!.Usage}'." : OneId(args.Take(1).ToList(), command);

    private static string? ValidateAck(IReadOnlyList<string> args)
    {
        if (args.Count is 0 or > 2)
        {
            return "ack needs a notice id and, optionally, ready, not-affected or need-help: 'ack <notice-id> [ready | not-affected | need-help]'.";
        }

        return OneId(args.Take(1).ToList(), Ack)
            ?? (args.Count == 2 && !AckAnswers.Contains(args[1].ToLowerInvariant())
                ? $"'{args[1]}' is not an answer ack knows: use ready, not-affected or need-help."
                : null);
    }

    private static string? ValidateCheck(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return "check needs an endpoint: a host name, host:port or https URL, e.g. 'check api.example.com', or a pasted PEM chain.";
        }

        if (Checks.ChatCheckService.IsPastedChain(string.Join(' ', args)))
        {
            return null; // a pasted chain: its own reader says what is wrong with it
        }

        if (args.Count == 2 || (args.Count == 3 && !string.Equals(args[1], "for", StringComparison.OrdinalIgnoreCase)) || args.Count > 3)
        {
            return "check takes one endpoint and, optionally, 'for <notice-id>': 'check api.example.com for my-notice'.";
        }

        return args.Count == 3 ? OneId(args.Skip(2).ToList(), Check) : null;
    }

    private static string? ValidateWatch(IReadOnlyList<string> args)
    {
        const string usage = "'watch api.example.com' or 'watch api.example.com store java'";
        if (args.Count is not (1 or 3) || (args.Count == 3 && !string.Equals(args[1], "store", StringComparison.OrdinalIgnoreCase)))
        {
            return $"watch takes one endpoint and, optionally, 'store <name>': {usage}.";
        }

        return args.Count == 3 && !ChangeBot.Core.Watches.WatchEndpoint.Stores.Contains(args[2].ToLowerInvariant())
            ? $"'{args[2]}' is not a store I know; use {string.Join(", ", ChangeBot.Core.Watches.WatchEndpoint.Stores)}."
            : null;
    }

    private static string? ValidateUnwatch(IReadOnlyList<string> args) =>
        args.Count == 1 ? null : "unwatch takes the one endpoint to stop watching, e.g. 'unwatch api.example.com'.";

    [GeneratedRegex("^[a-z0-9-]{1,80}$")]
    private static partial Regex SlugPattern();
}
