using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChangeBot.Core.Answers;

/// <summary>
/// What the answer-or-abstain decision looks at for the best passage found (all 0..1 except
/// <see cref="Margin"/>): the keyword coverage, the cosine, whether each retriever's own first hit is from the
/// same notice (rank agreement), the grounding (the question names what the notice is about / names something
/// no notice uses / uses words only other notices use), how far the cosine leads the best passage of any
/// other notice, whether the question was asked in the notice's thread or matches an FAQ entry's question, the
/// share of the question's words that do not name the notice (its title, products, tags) which the passage
/// holds (<see cref="TopicCoverage"/>: "Does Contoso support versioning?" names Contoso's notice but asks what
/// it does not say), the share of the question's words no notice uses, and the cosine of the question with the
/// names it shares with the notice taken out (<see cref="TopicSimilarity"/>: what is left asks about something else).
/// </summary>
internal sealed record AnswerFeatures(
    double Coverage, double Similarity, bool LexicalTop, bool SemanticTop, bool Named, bool Unnamed,
    double Foreign, double Margin, bool Thread, bool FaqMatch, double TopicCoverage, double Novel, double TopicSimilarity)
{
    /// <summary>The names, in the order of <see cref="Values"/> and of the weights in abstain-model.json.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["coverage", "similarity", "lexicalTop", "semanticTop", "named", "unnamed", "foreign", "margin", "thread", "faqMatch", "topicCoverage", "novel", "topicSimilarity", "topicKept"];

    public double[] Values() =>
    [
        Coverage, Similarity, LexicalTop ? 1 : 0, SemanticTop ? 1 : 0, Named ? 1 : 0, Unnamed ? 1 : 0,
        Foreign, Margin, Thread ? 1 : 0, FaqMatch ? 1 : 0, TopicCoverage, Novel, TopicSimilarity, TopicKept,
    ];

    /// <summary>How much of the cosine is left without the shared names (0..1.5).</summary>
    public double TopicKept => Similarity > 0.05 ? Math.Clamp(TopicSimilarity / Similarity, 0, 1.5) : 1;
}

/// <summary>
/// The calibrated answer-or-abstain decision: a logistic regression over <see cref="AnswerFeatures"/> giving
/// the probability that the best passage is from the notice that answers the question; below
/// <see cref="Threshold"/> the bot says it does not know. Fitted on the dev set only, with cross-validation
/// choosing the regularisation and the threshold (false answers weigh more than abstentions), by
/// <c>dotnet run -c Release --project tests/ChangeBot.Benchmarks -- answers-eval --fit</c>, which writes
/// Answers/abstain-model.json (tests/ChangeBot.Benchmarks/README.md). It holds for the model it was fitted
/// with; other models (and keyword search only) keep the coverage threshold of <see cref="AnswerOptions"/>.
/// </summary>
internal sealed record AnswerCalibration(
    string Model, IReadOnlyList<string> Features, IReadOnlyList<double> Weights, double Bias, double Threshold, string Fitted)
{
    private const string Resource = "ChangeBot.Core.Answers.abstain-model.json";

    // Before Default: static initialisers run in the order written.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The committed calibration, or null when none was fitted yet.</summary>
    public static AnswerCalibration? Default { get; } = LoadDefault();

    /// <summary>Answers every time (probability 1): how the fitter sees each question's best passage.</summary>
    public static AnswerCalibration AlwaysAnswer(string model) =>
        new(model, AnswerFeatures.Names, [.. AnswerFeatures.Names.Select(_ => 0.0)], 50, 0.5, "never");

    public double Probability(AnswerFeatures features)
    {
        var x = features.Values();
        var z = Bias;
        for (var i = 0; i < x.Length; i++)
        {
            z += Weights[i] * x[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }

    public static AnswerCalibration Parse(string json)
    {
        var model = JsonSerializer.Deserialize<AnswerCalibration>(json, JsonOptions)
            ?? throw new InvalidDataException("abstain-model.json is empty");
        if (!model.Features.SequenceEqual(AnswerFeatures.Names) || model.Weights.Count != model.Features.Count)
        {
            throw new InvalidDataException("abstain-model.json was fitted on other features than AnswerFeatures.Names; fit it again");
        }

        return model;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
    private static AnswerCalibration? LoadDefault()
    {
        using var stream = typeof(AnswerCalibration).Assembly.GetManifestResourceStream(Resource);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

}
