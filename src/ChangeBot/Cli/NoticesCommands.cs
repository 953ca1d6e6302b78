using System.CommandLine;
using System.Globalization;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Cli;

/// <summary><c>notices import|list|show</c> on the embedded store.</summary>
internal static class NoticesCommands
{
    public static Command Create()
    {
        var notices = new Command("notices", "Import, list and show notices in the embedded store.");
        notices.Subcommands.Add(Import());
        notices.Subcommands.Add(List());
        notices.Subcommands.Add(Show());
        return notices;
    }

    public static Option<string?> DataOption() => new("--data") { Description = "The embedded store's folder (default: ChangeBot:DataDirectory, else ./data)." };

    private static Command Import()
    {
        var paths = new Argument<string[]>("path") { Description = "Notice files (*.md) or folders of them.", Arity = ArgumentArity.OneOrMore };
        var data = DataOption();
        var command = new Command("import", "Validate notice files and store them, all or nothing.") { paths, data };
        command.SetAction(async (result, ct) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            using var store = CliStore.Open(result.GetValue(data));
            var report = await new NoticeCatalog(store, new NoticeImporter(), []).ImportFilesAsync(result.GetValue(paths)!, ct);
            if (!report.Succeeded)
            {
                foreach (var problem in report.Errors)
                {
                    await error.WriteLineAsync(problem.ToString());
                }

                await error.WriteLineAsync($"Nothing was imported: {report.Errors.Count} problem(s).");
                return 1;
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
            using var store = CliStore.Open(result.GetValue(data));
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
            using var store = CliStore.Open(result.GetValue(data));
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
