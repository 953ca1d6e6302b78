using System.Diagnostics;
using System.Globalization;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Storage.LiteDb;

namespace ChangeBot.Benchmarks.Answers;

/// <summary>
/// The answer stack's resident memory as an instance holds it (issue 13: under 350 MB with the model loaded, at
/// start and after 1,000 questions): a store of <c>count</c> generated notices with their stored vectors is
/// written first, then a second process of its own opens it the way the server starts (the model, then
/// <see cref="AnswerIndexSync.RebuildAsync"/>) and asks. The <c>answers</c> benchmark's own figure includes its
/// second index, a linear scan and every vector as floats; this one holds only what the server holds.
/// </summary>
internal static class AnswerMemoryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--measure", var folder, var askText])
        {
            return await MeasureAsync(folder, int.Parse(askText, CultureInfo.InvariantCulture));
        }

        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var asks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var data = Directory.CreateTempSubdirectory("changebot-answer-memory-");
        try
        {
            var notices = GeneratedNotices.Create(count);
            using (var store = new LiteDbChangeBotStore(Path.Combine(data.FullName, "changebot.db")))
            {
                await store.ImportNoticesAsync(notices);
                await store.SavePassageVectorsAsync(SentenceEmbedder.Default, AnswerLatencyBenchmark.RandomVectors(notices, SentenceEmbedder.Shared(null)!));
            }

            Console.WriteLine($"answer memory: {count} notices with their stored vectors; {asks} asks in a process of its own");
            using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!)
            {
                ArgumentList = { typeof(AnswerMemoryBenchmark).Assembly.Location, "answers-memory", "--measure", data.FullName, asks.ToString(CultureInfo.InvariantCulture) },
            })!;
            await child.WaitForExitAsync();
            return child.ExitCode;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static async Task<int> MeasureAsync(string folder, int asks)
    {
        Console.WriteLine($"  resident at process start: {Resident()} MB");
        var embedder = SentenceEmbedder.Shared(null)!;
        Console.WriteLine($"  with '{embedder.Model}' loaded: {Resident()} MB");
        using var store = new LiteDbChangeBotStore(Path.Combine(folder, "changebot.db"));
        using var index = new LuceneAnswerIndex(AnswerSynonyms.Default, embedder: embedder);
        await new AnswerIndexSync(index, store).RebuildAsync();
        Settle();
        var atStart = Resident();
        Console.WriteLine($"  index rebuilt from the store (embedded at start: {index.EmbeddedPassages}): {atStart} MB (managed heap {Managed()} MB)");
        var questions = AnswerLatencyBenchmark.Questions(5000);
        var known = 0;
        for (var i = 0; i < asks; i++)
        {
            known += index.Ask(questions[i % questions.Count]).IsKnown ? 1 : 0;
        }

        Settle();
        var after = Resident();
        Console.WriteLine($"  after {asks} asks ({known} answered): {after} MB (managed heap {Managed()} MB)");
        Console.WriteLine($"goal under 350 MB at start and after the asks: {(Math.Max(atStart, after) < 350 ? "met" : "NOT met")}");
        return 0;
    }

    /// <summary>A full collection first, so the figure is what is held, not garbage not yet collected.</summary>
    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    /// <summary>What the garbage collector holds after the last collection: the rest of the RSS is the model,
    /// ONNX Runtime, the runtime and its compiled code.</summary>
    private static long Managed() => GC.GetGCMemoryInfo().HeapSizeBytes / (1024 * 1024);

    private static long Resident()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / (1024 * 1024);
    }
}
