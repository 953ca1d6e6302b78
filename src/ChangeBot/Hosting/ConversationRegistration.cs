using ChangeBot.Core.Answers;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.Hosting;

/// <summary>The conversation core (commands, questions) and the answer index it answers from.</summary>
internal static partial class ConversationRegistration
{
    /// <summary>A Solr-format synonyms file that extends the built-in list (optional).</summary>
    public const string SynonymsFileSetting = "Answers:SynonymsFile";

    /// <summary>Below this confidence (0..1) the bot says it does not know (optional; default 0.6).</summary>
    public const string MinConfidenceSetting = "Answers:MinConfidence";

    /// <summary>How often each instance catches up with notices changed elsewhere (another instance, the CLI).</summary>
    private static readonly TimeSpan CatchUpInterval = TimeSpan.FromSeconds(30);

    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(LoadSynonyms(builder.Configuration));
        services.AddSingleton(ReadOptions(builder.Configuration));
        // Loaded now: a model that cannot load or run stops start-up with a message naming Answers:Model.
        var embedder = SentenceEmbedder.Shared(builder.Configuration[SentenceEmbedder.ModelSetting]);
        services.AddSingleton(sp => new LuceneAnswerIndex(sp.GetRequiredService<AnswerSynonyms>(), sp.GetRequiredService<AnswerOptions>(), embedder));
        services.AddSingleton<IAnswerIndex>(sp => sp.GetRequiredService<LuceneAnswerIndex>());
        services.AddSingleton<AnswerIndexSync>();
        services.AddSingleton<INoticeObserver>(sp => sp.GetRequiredService<AnswerIndexSync>());
        services.AddHostedService<AnswerIndexService>();
        services.AddSingleton<CommandParser>();
        services.AddSingleton<IConversationHandler, ConversationHandler>();
        return builder;
    }

    /// <summary>Read now, so a bad synonyms file stops start-up with a message that names it.</summary>
    private static AnswerSynonyms LoadSynonyms(IConfiguration configuration)
    {
        var file = configuration[SynonymsFileSetting];
        try
        {
            return AnswerSynonyms.Load(string.IsNullOrWhiteSpace(file) ? null : file);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidOperationException($"{SynonymsFileSetting}: {e.Message}", e);
        }
    }

    private static AnswerOptions ReadOptions(IConfiguration configuration)
    {
        var value = configuration[MinConfidenceSetting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return new AnswerOptions();
        }

        return double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var min) && min is > 0 and <= 1
            ? new AnswerOptions { MinConfidence = min }
            : throw new InvalidOperationException($"{MinConfidenceSetting} is '{value}'; give a number above 0 and at most 1, e.g. 0.6.");
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

        [LoggerMessage(4101, LogLevel.Warning, "Catching the answer index up with the store failed")]
        private static partial void LogCatchUpFailed(ILogger logger, Exception exception);
    }
}
