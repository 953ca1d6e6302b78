using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;

namespace ChangeBot.Cli;

/// <summary>
/// What must go through a running server (it schedules the broadcasts and reminders, and may hold the store):
/// <c>notices publish|update|reschedule|cancel &lt;id&gt;</c>, <c>readiness &lt;id&gt;</c> and
/// <c>notices import … --server URL</c>. Exit 0: done; 1: the server refused (its reason is printed);
/// 2: the server could not be reached or failed; 64: usage error.
/// </summary>
internal static class ServerCommands
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The subcommands of <c>notices</c> that only a server can do.</summary>
    public static IEnumerable<Command> NoticeOperations() =>
    [
        Operation("publish", "Publish a draft notice: the server broadcasts it to subscribed channels and schedules its reminders.", null),
        Operation("update", "Post an update under the notice's broadcasts.", new Argument<string>("text") { Description = "The update's text (quote it)." }),
        Operation("reschedule", "Move the notice's action deadline; reminders follow it.",
            new Argument<string>("deadline") { Description = "ISO 8601 with offset, or a local time in the notice's zone (2026-12-06 07:00)." }),
        Operation("cancel", "Cancel the notice: subscribers are told, reminders stop."),
    ];

    /// <summary><c>readiness &lt;id&gt;</c>: per channel, whether it was sent the notice and what it answered.</summary>
    public static Command Readiness()
    {
        var id = new Argument<string>("id") { Description = "The notice id." };
        var (server, token, json) = (ServerConnection.ServerOption(), ServerConnection.TokenOption(), JsonOption());
        var command = new Command("readiness", "Show, per channel, whether a notice reached it and what it answered (through a running server).")
        {
            id, server, token, json,
        };
        command.SetAction(async (result, ct) =>
        {
            using var connection = ServerConnection.Required(result.GetValue(server), result.GetValue(token), "readiness");
            var noticeId = result.GetValue(id)!;
            var rows = await connection.SendAsync(HttpMethod.Get, $"api/v1/notices/{Uri.EscapeDataString(noticeId)}/readiness", null, ct);
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(rows, Compact));
                return 0;
            }

            await output.WriteAsync(ReadinessText(noticeId, rows));
            var cutOver = await connection.SendAsync(HttpMethod.Get, $"api/v1/notices/{Uri.EscapeDataString(noticeId)}/cutover", null, ct);
            if (cutOver.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String)
            {
                await output.WriteLineAsync($"Cut-over: {status.GetString()}");
            }

            return 0;
        });
        return command;
    }

    /// <summary><c>notices import … --server URL</c>: validates every file here first (all or nothing, as a
    /// local import), then sends them one by one to <c>POST /api/v1/notices</c>.</summary>
    public static async Task<int> ImportAsync(ServerConnection connection, string[] paths, bool json, InvocationConfiguration io, CancellationToken ct)
    {
        var importer = new NoticeImporter();
        var batch = importer.ParseFiles(paths);
        if (!batch.Succeeded)
        {
            foreach (var problem in batch.Errors)
            {
                await io.Error.WriteLineAsync(problem.ToString());
            }

            await io.Error.WriteLineAsync($"Nothing was sent to the server: {batch.Errors.Count} problem(s).");
            return 1;
        }

        if (batch.Notices.FirstOrDefault(n => n.Certificates?.BundlePem is not null) is { } withBundle)
        {
            throw new CliException(
                $"Notice '{withBundle.Id}' names a certificates bundle file, which the REST API cannot receive with the notice; " +
                "import it with 'changebot notices import' on the server's machine (or without --server when the store is shared).");
        }

        var imported = new List<JsonElement>();
        foreach (var file in importer.FindFiles(paths))
        {
            using var content = new StringContent(await File.ReadAllTextAsync(file, ct), Encoding.UTF8, "text/markdown");
            JsonElement response;
            try
            {
                response = await connection.SendAsync(HttpMethod.Post, $"api/v1/notices?fileName={Uri.EscapeDataString(Path.GetFileName(file))}", content, ct);
            }
            catch (CliException e) when (imported.Count > 0)
            {
                throw new CliException($"{e.Message}\n{imported.Count} notice(s) before {file} were imported.", e.ExitCode, e);
            }

            imported.AddRange(response.GetProperty("notices").EnumerateArray());
        }

        if (json)
        {
            await io.Output.WriteLineAsync(JsonSerializer.Serialize(new { notices = imported }, Compact));
            return 0;
        }

        foreach (var notice in imported)
        {
            var outcome = notice.GetProperty("outcome").GetString();
            await io.Output.WriteLineAsync($"{outcome,-9} {notice.GetProperty("id").GetString()} (revision {notice.GetProperty("revision").GetInt32()})");
        }

        return 0;
    }

    /// <summary>What a local import did, in the shape <c>POST /api/v1/notices</c> answers.</summary>
    public static string ImportJson(IEnumerable<ImportResult> results) => JsonSerializer.Serialize(
        new { notices = results.Select(r => new { id = r.Id, outcome = r.Outcome.ToString().ToLowerInvariant(), revision = r.Revision }) }, Compact);

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON (the REST API's answer) instead of text." };

    private static Command Operation(string name, string description, Argument<string>? value = null)
    {
        var id = new Argument<string>("id") { Description = "The notice id." };
        var (server, token, json) = (ServerConnection.ServerOption(), ServerConnection.TokenOption(), JsonOption());
        var command = new Command(name, description + " Through a running server (--server).") { id };
        if (value is not null)
        {
            command.Arguments.Add(value);
        }

        command.Options.Add(server);
        command.Options.Add(token);
        command.Options.Add(json);
        command.SetAction(async (result, ct) =>
        {
            using var connection = ServerConnection.Required(result.GetValue(server), result.GetValue(token), $"notices {name}");
            var text = value is null ? null : result.GetValue(value);
            if (value is not null && string.IsNullOrWhiteSpace(text))
            {
                throw new CliException($"The {value.Name} is empty.", CliApp.UsageError);
            }

            using var body = name switch
            {
                "update" => JsonContent.Create(new { text }),
                "reschedule" => JsonContent.Create(new { deadline = text }),
                _ => null,
            };
            var answer = await connection.SendAsync(HttpMethod.Post, $"api/v1/notices/{Uri.EscapeDataString(result.GetValue(id)!)}/{name}", body, ct);
            await result.InvocationConfiguration.Output.WriteLineAsync(result.GetValue(json)
                ? JsonSerializer.Serialize(answer, Compact)
                : answer.TryGetProperty("message", out var message) ? message.GetString() : JsonSerializer.Serialize(answer, Compact));
            return 0;
        });
        return command;
    }

    private static string ReadinessText(string noticeId, JsonElement rows)
    {
        if (rows.GetArrayLength() == 0)
        {
            return $"No channel has been sent notice '{noticeId}' or answered it yet.\n";
        }

        var w = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var row in rows.EnumerateArray())
        {
            var line = new StringBuilder($"{Text(row, "channel")}  sent: {Text(row, "delivery") ?? "-"}");
            line.Append(Text(row, "answer") is { } answer ? $"  answer: {answer} ({Text(row, "answeredBy")})" : "  answer: -");
            if (Text(row, "broken") is { } broken)
            {
                line.Append($"  unreachable: {broken}");
            }

            if (row.TryGetProperty("failure", out var failure) && failure.ValueKind == JsonValueKind.Object)
            {
                line.Append($"  failed: {Text(failure, "error")}");
            }

            if (row.TryGetProperty("lastCheck", out var check) && check.ValueKind == JsonValueKind.Object)
            {
                line.Append($"  last check: {Text(check, "verdict")} {Text(check, "target")}");
            }

            w.WriteLine(line);
        }

        return w.ToString();
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;
}
