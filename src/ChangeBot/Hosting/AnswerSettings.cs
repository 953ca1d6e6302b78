using System.Globalization;
using ChangeBot.Core.Answers.Dense;
using ChangeBot.Core.Answers;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>The <c>Answers</c> settings (all optional).</summary>
internal sealed class AnswerSettings
{
    public const string Section = "Answers";

    /// <summary>The sentence-embedding model (<c>minilm</c>, the default; <c>arctic-xs</c>; or <c>none</c> for keyword
    /// search only).</summary>
    public string? Model { get; set; }

    /// <summary>A Solr-format synonyms file that extends the built-in list.</summary>
    public string? SynonymsFile { get; set; }

    /// <summary>Below this confidence (above 0, at most 1) the bot says it does not know; default 0.6. Text,
    /// so a wrong value is reported by the validator, naming the setting, rather than by the binder.</summary>
    public string? MinConfidence { get; set; }

    public AnswerOptions ToOptions() => TryReadConfidence(MinConfidence, out var min) && min is { } value
        ? new AnswerOptions { MinConfidence = value }
        : new AnswerOptions();

    public static bool TryReadConfidence(string? text, out double? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (double.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 1)
        {
            value = parsed;
            return true;
        }

        return false;
    }
}

internal sealed class AnswerSettingsValidator : IValidateOptions<AnswerSettings>
{
    public ValidateOptionsResult Validate(string? name, AnswerSettings options)
    {
        var problems = new List<string>();
        if (!AnswerSettings.TryReadConfidence(options.MinConfidence, out _))
        {
            problems.Add($"Answers:MinConfidence is '{options.MinConfidence}'; give a number above 0 and at most 1, e.g. 0.6.");
        }

        if (!string.IsNullOrWhiteSpace(options.Model) && !SentenceEmbedder.Supported.Contains(options.Model.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            problems.Add($"{SentenceEmbedder.ModelSetting} is '{options.Model}'; give one of: {string.Join(", ", SentenceEmbedder.Supported)} ({SentenceEmbedder.None} answers with keyword search only).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
