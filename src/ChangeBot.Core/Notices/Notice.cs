using System.Text.Json.Serialization;

namespace ChangeBot.Core.Notices;

/// <summary>
/// A vendor change notice as support wrote it (Markdown with YAML front matter), plus its lifecycle state.
/// All instants are absolute (<see cref="DateTimeOffset"/>); <see cref="TimeZone"/> is kept so that
/// answers can show times in the zone the notice was written for.
/// </summary>
public sealed record Notice
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public Severity Severity { get; init; } = Severity.Info;
    public IReadOnlyList<string> Products { get; init; } = [];
    public IReadOnlyList<string> Environments { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public DateTimeOffset? Posted { get; init; }

    /// <summary>IANA zone id the notice's local times were written in (e.g. America/Los_Angeles).</summary>
    public string? TimeZone { get; init; }
    public DateTimeOffset? WindowStart { get; init; }
    public DateTimeOffset? WindowEnd { get; init; }
    public DateTimeOffset? ActionDeadline { get; init; }
    public Downtime? Downtime { get; init; }

    /// <summary>Offsets before <see cref="ActionDeadline"/> at which unacknowledged channels are reminded.</summary>
    public IReadOnlyList<TimeSpan> Reminders { get; init; } = DefaultReminders;
    public IReadOnlyList<NoticeEndpoint> Endpoints { get; init; } = [];
    public AnnouncedChain? Certificates { get; init; }
    public IReadOnlyList<FaqEntry> Faq { get; init; } = [];

    /// <summary>The Markdown body as written.</summary>
    public string Body { get; init; } = "";

    /// <summary>The body's <c>##</c> sections; each is an answerable passage.</summary>
    public IReadOnlyList<NoticeSection> Sections { get; init; } = [];

    public NoticeState State { get; init; } = NoticeState.Draft;

    /// <summary>Updates support posted after publishing (threaded under the original message), oldest first.
    /// Part of the notice's history, not of its source file: re-imports keep them.</summary>
    public IReadOnlyList<NoticeUpdate> Updates { get; init; } = [];

    /// <summary>Starts at 1; every stored change of content or schedule increments it.</summary>
    public int Revision { get; init; } = 1;

    /// <summary>The notice file as written (front matter and body), so the console can edit it and show what
    /// changed between revisions; empty on notices stored before it was kept.</summary>
    public string Source { get; init; } = "";

    /// <summary>Hash of the source content, so re-importing an unchanged file is a no-op.</summary>
    public string ContentHash { get; init; } = "";

    public static IReadOnlyList<TimeSpan> DefaultReminders { get; } =
        [TimeSpan.FromDays(7), TimeSpan.FromDays(1), TimeSpan.FromHours(2)];

    /// <summary>Every slug a subscription filter can match on.</summary>
    [JsonIgnore]
    public IEnumerable<string> Slugs => Products.Concat(Environments).Concat(Tags);
}

public enum Severity { Info, ActionRequired, Breaking }

public enum Downtime { None, Partial, Full }

public enum NoticeState { Draft, Published, InProgress, Completed, Cancelled }

public sealed record NoticeEndpoint(string Name, string? Current, string? Test);

/// <summary>A certificate the notice names: its subject and, when support knows it, its SHA-256 fingerprint (hex).</summary>
public sealed record CertificateRef(string Subject, string? Sha256);

/// <summary>The chain customers must trust after the change. <see cref="BundlePem"/> is the PEM text of the
/// optional <c>bundle:</c> file, read at import time so checks need no file system access.</summary>
public sealed record AnnouncedChain(CertificateRef? Root, CertificateRef? Intermediate, string? BundlePem = null);

/// <summary>An update support posted: <paramref name="Sequence"/> numbers them from 1.</summary>
public sealed record NoticeUpdate(int Sequence, string Text, string By, DateTimeOffset At);

public sealed record FaqEntry(string Question, string Answer);

public sealed record NoticeSection(string Heading, string Text);
