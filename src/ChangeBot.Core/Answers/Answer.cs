using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Answers;

/// <summary>
/// What the bot found for a question. <see cref="Text"/> is null when it does not know; it may contain
/// <see cref="Conversations.TimeMarkup"/> markers, which each surface renders in the reader's zone and UTC.
/// </summary>
/// <param name="NoticeTitle">The answer's notice; with no answer, the current notice that came closest, if any.</param>
/// <param name="Heading">The answer's section heading or FAQ question; with no answer, the closest notice's part
/// quoted as a guess (<see cref="Excerpt"/>), if any.</param>
/// <param name="Confidence">0..1, the share of the question's weighted terms the answer covers; comparable
/// across questions, so one threshold decides "I don't know".</param>
public sealed record Answer(
    string? Text,
    string? NoticeId,
    string? NoticeTitle,
    AnswerSource Source,
    double Confidence,
    string? Heading = null)
{
    /// <summary>The named things of the question (vendors, products, hosts, …) the answer's notice names.</summary>
    public IReadOnlyList<string> Grounding { get; init; } = [];

    /// <summary>With no answer, the sentences of the part <see cref="Heading"/> names that match the question best
    /// (with time markers like <see cref="Text"/>), for a reply that quotes them as a guess; null otherwise.</summary>
    public string? Excerpt { get; init; }

    /// <summary>Why there is no answer when the question names something no fitting notice covers
    /// ("No notice covers Zendesk. The closest: …"); null otherwise.</summary>
    public string? Refusal { get; init; }

    /// <summary>Set when the answer comes from a notice that is over (completed or cancelled): its dates
    /// are history, not advice, and the reply must say so. With no answer, set when the closest notice named
    /// is completed.</summary>
    public PastNotice? Past { get; init; }

    /// <summary>What the answer-or-abstain decision saw (the calibration's fitter reads it); null for
    /// schedule answers and questions with no topic.</summary>
    internal AnswerFeatures? Features { get; init; }

    public bool IsKnown => Text is not null;

    public static Answer Unknown(double confidence, string? bestNoticeId = null) =>
        new(null, bestNoticeId, null, AnswerSource.None, confidence);
}

/// <summary>A notice that no longer asks anything of anyone: <paramref name="State"/> is Completed or Cancelled;
/// <paramref name="Ended"/> is the end of its window when it has one.</summary>
public sealed record PastNotice(NoticeState State, DateTimeOffset? Ended);

/// <summary>Where an answer came from: an FAQ entry, a body section, the notice's title and introduction,
/// or one of its structured fields (window, deadline, downtime).</summary>
public enum AnswerSource { None, Faq, Section, Summary, Schedule, Deadline, Downtime }

public static class AnswerSourceNames
{
    /// <summary>The lower-case name used in JSON (<c>faq</c>, <c>section</c>, …).</summary>
    public static string ToName(this AnswerSource source) => source switch
    {
        AnswerSource.Faq => "faq",
        AnswerSource.Section => "section",
        AnswerSource.Summary => "summary",
        AnswerSource.Schedule => "schedule",
        AnswerSource.Deadline => "deadline",
        AnswerSource.Downtime => "downtime",
        _ => "none",
    };
}
