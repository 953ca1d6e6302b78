using System.CommandLine;
using System.Text.Json;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Cli;

/// <summary><c>ask "&lt;question&gt;" [--notice ID] [--data DIR] [--json]</c>: answers as the bot would in chat.</summary>
internal static class AskCommand
{
    /// <summary>The environment variable the server reads <c>Answers:SynonymsFile</c> from.</summary>
    public const string SynonymsFileVariable = "Answers__SynonymsFile";

    /// <summary>The environment variable the server reads <c>Answers:Model</c> from.</summary>
    public const string ModelVariable = "Answers__Model";

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "The question, in plain words (quote it)." };
        var notice = new Option<string?>("--notice") { Description = "Answer from this notice first, as in its chat thread." };
        var data = NoticesCommands.DataOption();
        var json = new Option<bool>("--json") { Description = "Print {answer, noticeId, source, confidence, passage, grounding}; answer is null when the bot does not know." };
        var command = new Command("ask", "Ask a question about the stored notices (drafts too), as in chat. Exit 0: answered; 1: not known.")
        {
            question, notice, data, json,
        };
        command.SetAction(async (result, ct) =>
        {
            await using var opened = await CliStore.OpenAsync(result.GetValue(data), StoreAccess.Read, ct);
            return await RunAsync(opened.Store, result.GetValue(question)!, result.GetValue(notice), result.GetValue(json),
                result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, ct, saveVectors: !opened.IsReadOnly);
        });
        return command;
    }

    public static async Task<int> RunAsync(
        INoticeStore store, string question, string? noticeId, bool json, TextWriter output, TextWriter error, CancellationToken ct = default,
        bool saveVectors = true)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new CliException("The question is empty; ask something, e.g. changebot ask \"is there downtime?\"", CliApp.UsageError);
        }

        var notices = await store.ListNoticesAsync(ct);
        if (noticeId is not null)
        {
            var context = notices.FirstOrDefault(n => n.Id == noticeId)
                ?? throw new CliException($"There is no notice '{noticeId}'. List them with: changebot notices list");
            if (context.State == NoticeState.Cancelled)
            {
                throw new CliException($"Notice '{noticeId}' is cancelled; questions are not answered from cancelled notices.");
            }
        }

        using var index = new LuceneAnswerIndex(LoadSynonyms(), embedder: LoadModel());
        if (index.Model is { } model && store is IPassageVectorStore vectors)
        {
            index.LoadVectors(await vectors.ListPassageVectorsAsync(model, ct));
        }

        // The CLI is support's preview: a draft answers here as it will once published (the chat bot
        // answers from published notices only). Cancelled notices never answer.
        index.Rebuild(notices.Select(n => n.State == NoticeState.Draft ? n with { State = NoticeState.Published } : n));
        // A store a running server holds is open read-only: its vectors are the server's to save.
        if (saveVectors && index.Model is { } embedded && store is IPassageVectorStore saved)
        {
            // Drafts embedded here need not be embedded again when they are published.
            await saved.SavePassageVectorsAsync(embedded, index.TakeUnsavedVectors(), ct);
        }

        var answer = index.Ask(question, noticeId);
        var zone = answer.NoticeId is { } id ? index.Find(id)?.TimeZone : null;
        var text = answer.Text is null ? answer.Refusal : TimeMarkup.RenderPlain(answer.Text, zone);
        if (json)
        {
            var body = new
            {
                answer = answer.Text is null ? null : text,
                noticeId = answer.NoticeId,
                source = answer.Source.ToName(),
                confidence = Math.Round(answer.Confidence, 2),
                passage = answer.IsKnown ? answer.Heading : null,
                closestPassage = answer.IsKnown ? null : answer.Heading,
                closestExcerpt = answer.Excerpt is { } excerpt ? TimeMarkup.RenderPlain(excerpt, zone) : null,
                grounding = answer.Grounding,
                refusal = answer.Refusal,
            };
            await output.WriteLineAsync(JsonSerializer.Serialize(body, Json));
        }
        else
        {
            // An answer from a completed or cancelled notice says so first.
            if (answer.IsKnown && answer.Past is { } past)
            {
                await output.WriteLineAsync(TimeMarkup.RenderPlain(AnswerReplies.PastNote(past), zone) + Environment.NewLine);
            }

            await output.WriteLineAsync(text is null
                ? AnswerReplies.Guess(answer) is { } guess
                    ? TimeMarkup.RenderPlain(guess, zone) + $"\n\n(not answered: a guess from {answer.NoticeId}{(answer.Past is null ? "" : ", completed")})"
                : answer.NoticeTitle is { } closest
                    ? $"I don't know the answer to that. The closest notice is \"{closest}\" ({answer.NoticeId}{(answer.Past is null ? "" : ", completed")})."
                    : "I don't know the answer to that."
                : !answer.IsKnown ? text
                : answer.NoticeTitle is { } title ? $"{text}\n\n(from \"{title}\", {answer.NoticeId})" : text);
        }

        if (answer.NoticeId is { } source && notices.Any(n => n.Id == source && n.State == NoticeState.Draft))
        {
            await error.WriteLineAsync($"Note: notice '{source}' is a draft; chat users get this answer once it is published.");
        }

        return answer.IsKnown ? 0 : 1;
    }

    private static SentenceEmbedder? LoadModel()
    {
        try
        {
            return SentenceEmbedder.Shared(Environment.GetEnvironmentVariable(ModelVariable));
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"{ModelVariable}: {e.Message}");
        }
    }

    private static AnswerSynonyms LoadSynonyms()
    {
        var file = Environment.GetEnvironmentVariable(SynonymsFileVariable);
        try
        {
            return AnswerSynonyms.Load(string.IsNullOrWhiteSpace(file) ? null : file);
        }
        catch (InvalidDataException e)
        {
            throw new CliException($"{SynonymsFileVariable}: {e.Message}");
        }
    }
}
