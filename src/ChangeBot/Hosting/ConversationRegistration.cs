using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>The conversation core (commands, questions) and the answer index it answers from.</summary>
internal static partial class ConversationRegistration
{
    /// <summary>How often each instance catches up with notices changed elsewhere (another instance, the CLI).</summary>
    private static readonly TimeSpan CatchUpInterval = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var settings = builder.AddValidatedOptions<AnswerSettings, AnswerSettingsValidator>(AnswerSettings.Section);
        // Read now, so a bad synonyms file stops start-up with a message that names it.
        services.AddSingleton(LoadSynonyms(settings.SynonymsFile));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AnswerSettings>>().Value.ToOptions());
        // Loaded now: a model that cannot load or run stops start-up with a message naming Answers:Model.
        var embedder = SentenceEmbedder.Shared(settings.Model);
        services.AddSingleton(sp => new LuceneAnswerIndex(sp.GetRequiredService<AnswerSynonyms>(), sp.GetRequiredService<AnswerOptions>(), embedder));
        services.AddSingleton<IAnswerIndex>(sp => sp.GetRequiredService<LuceneAnswerIndex>());
        // The console groups unanswered questions with the index's own model (or by words without one).
        services.AddSingleton(new ChangeBot.Core.Unanswered.UnansweredGrouping(embedder));
        services.AddSingleton<AnswerIndexSync>();
        services.AddSingleton<INoticeObserver>(sp => sp.GetRequiredService<AnswerIndexSync>());
        services.AddHostedService<AnswerIndexService>();
        services.AddSingleton<CommandParser>();
        services.AddSingleton<IConversationHandler, ConversationHandler>();
        return builder;
    }

    private static AnswerSynonyms LoadSynonyms(string? file)
    {
        try
        {
            return AnswerSynonyms.Load(string.IsNullOrWhiteSpace(file) ? null : file);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOperationException($"{AnswerSettings.Section}:{nameof(AnswerSettings.SynonymsFile)}: {e.Message}", e);
        }
    }

    /// <summary>Builds the index from the store before the server takes messages, then catches up
    /// periodically with changes this instance was not told about.</summary>
    private sealed partial class AnswerIndexService(AnswerIndexSync sync, TimeProvider time, ILogger<AnswerIndexService> log) : BackgroundService
    {
        public override async Task StartAsync(CancellationToken cancellationToken)
        {
            await sync.RebuildAsync(cancellationToken);
            await base.StartAsync(cancellationToken);
        }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(CatchUpInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await sync.CatchUpAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next tick tries again; answers stay as they were meanwhile.
                    LogCatchUpFailed(log, e);
                }
            }
        }

        [LoggerMessage(HostEventIds.CatchUpFailed, LogLevel.Warning, "Catching the answer index up with the store failed")]
        private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
    }
}
