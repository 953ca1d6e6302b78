using System.CommandLine;
using System.Globalization;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;

namespace ChangeBot.Cli;

/// <summary><c>notices import|list|show</c> on the configured store; the operations that go through a server are in <see cref="ServerCommands"/>.</summary>
internal static class NoticesCommands
{
    public static Command Create()
    {
        var notices = new Command("notices", "Import, list and show notices in the configured store; publish, update, reschedule and cancel them through a server.");
        notices.Subcommands.Add(Import());
        notices.Subcommands.Add(List());
        notices.Subcommands.Add(Show());
        foreach (var operation in ServerCommands.NoticeOperations())
        {
            notices.Subcommands.Add(operation);
        }

        return notices;
    }

    /// <summary>Who ran a CLI command, as the audit names them: the operating-system account.</summary>
    private static Actor CliActor => new("cli:" + Environment.UserName, "cli");

    public static Option<string?> DataOption() => new("--data") { Description = "The embedded store's folder (default: ChangeBot:DataDirectory, else ./data)." };

    private static Command Import()
    {
        var paths = new Argument<string[]>("path") { Description = "Notice files (*.md) or folders of them.", Arity = ArgumentArity.OneOrMore };
        var data = DataOption();
        var (server, token, json) = (ServerConnection.ServerOption(), ServerConnection.TokenOption(), ServerCommands.JsonOption());
        var command = new Command("import", "Validate notice files and store them, all or nothing (or send them to a running server with --server or $CHANGEBOT_SERVER).")
        {
            paths, data, server, token, json,
        };
        command.SetAction(async (result, ct) =>
        {
            if (ServerConnection.From(result.GetValue(server), result.GetValue(token)) is { } connection)
            {
                using (connection)
                {
                    return await ServerCommands.ImportAsync(connection, result.GetValue(paths)!, result.GetValue(json), result.InvocationConfiguration, ct);
                }
            }

            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            await using var opened = await CliStore.OpenAsync(result.GetValue(data), StoreAccess.Write, ct);
            var store = opened.Store;
            // Audited like a REST import, in the name of the account that ran the command.
            var catalog = new NoticeCatalog(store, new NoticeImporter(), new AuditTrail(store, TimeProvider.System), []);
            var report = await catalog.ImportFilesAsync(result.GetValue(paths)!, CliActor, ct);
            if (!report.Succeeded)
            {
                foreach (var problem in report.Errors)
                {
                    await error.WriteLineAsync(problem.ToString());
                }

                await error.WriteLineAsync($"Nothing was imported: {report.Errors.Count} problem(s).");
                return 1;
            }

            if (result.GetValue(json))
            {
                await output.WriteLineAsync(ServerCommands.ImportJson(report.Results));
                return 0;
            }

            foreach (var r in report.Results)
            {
                await output.WriteLineAsync($"{r.Outcome.ToString().ToLowerInvariant(),-9} {r.Id} (revision {r.Revision})");
            }

            foreach (var warning in report.Warnings)
            {
                await error.WriteLineAsync($"warning: {warning}");
            }

            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var data = DataOption();
        var command = new Command("list", "List stored notices.") { data };
        command.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            await using var opened = await CliStore.OpenAsync(result.GetValue(data), StoreAccess.Read, ct);
            var store = opened.Store;
            var all = await store.ListNoticesAsync(ct);
            if (all.Count == 0)
            {
                await output.WriteLineAsync("No notices. Import some with: changebot notices import <file|dir>");
                return 0;
            }

            foreach (var n in all)
            {
                var deadline = n.ActionDeadline is { } d ? d.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "-";
                await output.WriteLineAsync($"{n.Id,-40} {State(n.State),-11} r{n.Revision,-3} deadline {deadline,-20} {n.Title}");
            }

            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The notice id." };
        var data = DataOption();
        var command = new Command("show", "Show one notice.") { id, data };
        command.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            await using var opened = await CliStore.OpenAsync(result.GetValue(data), StoreAccess.Read, ct);
            var store = opened.Store;
            var noticeId = result.GetValue(id)!;
            if (await store.GetNoticeAsync(noticeId, ct) is not { } notice)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync($"There is no notice '{noticeId}'.");
                return 1;
            }

            await output.WriteAsync(Describe(notice));
            return 0;
        });
        return command;
    }

    internal static string Describe(Notice n)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        string When(DateTimeOffset? t) => t is { } v ? TimeMarkup.RenderPlain(v, n.TimeZone) : "-";
        w.WriteLine($"{n.Title}");
        w.WriteLine($"  id          {n.Id} (revision {n.Revision}, {State(n.State)})");
        w.WriteLine($"  severity    {n.Severity}");
        w.WriteLine($"  window      {When(n.WindowStart)} .. {When(n.WindowEnd)}");
        w.WriteLine($"  deadline    {When(n.ActionDeadline)}");
        w.WriteLine($"  downtime    {n.Downtime?.ToString().ToLowerInvariant() ?? "-"}");
        w.WriteLine($"  matches     {string.Join(", ", n.Slugs)}");
        w.WriteLine($"  reminders   {string.Join(", ", n.Reminders.Select(NoticeTime.FormatDuration))} before the deadline");
        foreach (var e in n.Endpoints)
        {
            w.WriteLine($"  endpoint    {e.Name}: {e.Current} (test: {e.Test ?? "-"})");
        }

        if (n.Certificates is { } chain)
        {
            w.WriteLine($"  root        {chain.Root?.Subject ?? "-"}");
            w.WriteLine($"  intermediate {chain.Intermediate?.Subject ?? "-"}");
        }

        foreach (var section in n.Sections)
        {
            w.WriteLine();
            w.WriteLine($"## {section.Heading}");
            w.WriteLine(section.Text);
        }

        foreach (var faq in n.Faq)
        {
            w.WriteLine();
            w.WriteLine($"Q: {faq.Question}");
            w.WriteLine($"A: {faq.Answer}");
        }

        return w.ToString();
    }

    private static string State(NoticeState state) => state == NoticeState.InProgress ? "in-progress" : state.ToString().ToLowerInvariant();
}
