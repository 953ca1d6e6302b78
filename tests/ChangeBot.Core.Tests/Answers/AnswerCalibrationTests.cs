using ChangeBot.Core.Answers;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Testing.AnswerEvaluation;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>The answer-or-abstain calibration (src/ChangeBot.Core/Answers/abstain-model.json) is data fitted on
/// the dev set: these tests keep the committed numbers equal to what the fitter gives today, so a change to the
/// answerer that moves the features fails here until the calibration is fitted again
/// (`dotnet run -c Release --project tests/ChangeBot.Benchmarks -- answers-eval --fit`).</summary>
public sealed class AnswerCalibrationTests(ITestOutputHelper output)
{
    [Fact]
    public void CommittedCalibration_IsWhatTheDevSetFits()
    {
        var committed = AnswerCalibration.Default;
        Assert.NotNull(committed);
        Assert.Equal(SentenceEmbedder.Default, committed.Model);

        var samples = AbstainFitter.DevSamples(EvaluationSet.Folder, EvaluationSet.SampleNotice, SentenceEmbedder.Default);
        var (json, report) = AbstainFitter.Fit(samples, SentenceEmbedder.Default);
        output.WriteLine(report);
        var fitted = AnswerCalibration.Parse(json);

        Assert.Equal(fitted.Threshold, committed.Threshold, 3);
        Assert.Equal(fitted.Bias, committed.Bias, 2);
        for (var i = 0; i < fitted.Weights.Count; i++)
        {
            Assert.True(Math.Abs(fitted.Weights[i] - committed.Weights[i]) < 0.01,
                $"{fitted.Features[i]}: fitted {fitted.Weights[i]}, committed {committed.Weights[i]}; fit again");
        }
    }

    [Fact]
    public void Probability_MoreEvidence_IsHigher()
    {
        var calibration = AnswerCalibration.Default!;
        var weak = new AnswerFeatures(0.1, 0.3, false, false, false, false, 0.5, 0, false, false, 0, 0.5, 0.1);
        var strong = new AnswerFeatures(1, 0.8, true, true, true, false, 0, 0.4, false, false, 1, 0, 0.6);

        Assert.True(calibration.Probability(weak) < calibration.Threshold);
        Assert.True(calibration.Probability(strong) >= calibration.Threshold);
    }

    [Fact]
    public void Parse_OtherFeatures_FailsSayingToFitAgain()
    {
        var json = AnswerCalibration.AlwaysAnswer("minilm").ToJson().Replace("\"coverage\"", "\"share\"", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => AnswerCalibration.Parse(json));

        Assert.Contains("fit it again", error.Message, StringComparison.Ordinal);
    }
}
