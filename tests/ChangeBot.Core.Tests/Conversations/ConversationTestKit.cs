using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Answers;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Core.Tests.Answers;
using ChangeBot.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Core.Tests.Conversations;

/// <summary>A handler wired to the in-memory store, a real answer index and recording fakes for the
/// services other areas own.</summary>
internal sealed class ConversationTestKit : IDisposable
{
    public const string SupportUser = "slack:USUPPORT";
    public const string Customer = "slack:UCUSTOMER";
    public const string SampleId = "api-sandbox-tls-certificate";

    public static readonly ConversationAddress Channel = new(Platforms.Slack, "T1", "C1");

    public ConversationTestKit()
    {
        Index = new LuceneAnswerIndex(AnswerSynonyms.Default);
        Handler = new ConversationHandler(new CommandParser(), Index, Store, Store,
            new SubscriptionRemoval(Store, new AuditTrail(Store, Time)), Store, Operations, Checks,
            new SupportPolicy([SupportUser]), Time, NullLogger<ConversationHandler>.Instance);
    }

    public InMemoryChangeBotStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2016, 11, 21, 16, 32, 0, TimeSpan.Zero));

    public LuceneAnswerIndex Index { get; }

    public RecordingOperations Operations { get; } = new();

    public RecordingChecks Checks { get; } = new();

    public ConversationHandler Handler { get; }

    /// <summary>Stores the evaluation notices (the sample included), published, and indexes them.</summary>
    public async Task<IReadOnlyList<Notice>> PublishEvaluationNoticesAsync()
    {
        var notices = EvaluationSet.Notices();
        await Store.ImportNoticesAsync(notices);
        Index.Rebuild(await Store.ListNoticesAsync());
        return notices;
    }

    public async Task<Reply> SayAsync(string text, string user = Customer, string? contextNoticeId = null)
    {
        var replies = await Handler.HandleAsync(new IncomingMessage
        {
            Address = Channel,
            UserId = user,
            Text = text,
            ContextNoticeId = contextNoticeId,
        });
        return Assert.Single(replies);
    }

    public void Dispose() => Index.Dispose();
}

internal sealed class RecordingOperations : INoticeOperations
{
    public List<string> Calls { get; } = [];

    public Task<OperationResult> PublishAsync(string noticeId, Actor actor, CancellationToken ct = default) => Record($"publish {noticeId} by {actor.UserId}");

    public Task<OperationResult> UpdateAsync(string noticeId, string text, Actor actor, CancellationToken ct = default) => Record($"update {noticeId} '{text}'");

    public Task<OperationResult> RescheduleAsync(string noticeId, string newDeadline, Actor actor, CancellationToken ct = default) => Record($"reschedule {noticeId} '{newDeadline}'");

    public Task<OperationResult> CancelAsync(string noticeId, Actor actor, CancellationToken ct = default) => Record($"cancel {noticeId}");

    public Task<OperationResult> PublishAsync(string noticeId, Actor actor, int expectedRevision, CancellationToken ct = default) =>
        Record($"publish {noticeId} at revision {expectedRevision} by {actor.UserId}");

    public Task<OperationResult> UpdateAsync(string noticeId, string text, Actor actor, int expectedRevision, CancellationToken ct = default) =>
        Record($"update {noticeId} at revision {expectedRevision} '{text}'");

    public Task<OperationResult> RescheduleAsync(string noticeId, string newDeadline, Actor actor, int expectedRevision, CancellationToken ct = default) =>
        Record($"reschedule {noticeId} at revision {expectedRevision} '{newDeadline}'");

    public Task<OperationResult> CancelAsync(string noticeId, Actor actor, int expectedRevision, CancellationToken ct = default) =>
        Record($"cancel {noticeId} at revision {expectedRevision}");

    public Task<OperationResult> GetReadinessAsync(string noticeId, CancellationToken ct = default) => Record($"readiness {noticeId}");

    public Task<OperationResult> AcknowledgeAsync(string noticeId, AckAnswer answer, ConversationAddress channel, Actor actor, CancellationToken ct = default) =>
        Record($"ack {noticeId} {answer} {channel.Key} by {actor.UserId} via {actor.Surface}");

    private Task<OperationResult> Record(string call)
    {
        Calls.Add(call);
        return Task.FromResult(OperationResult.Ok(Reply.Plain("done: " + call)));
    }
}

internal sealed class RecordingChecks : IChatChecks
{
    public List<string> Calls { get; } = [];

    public Task<Reply> CheckAsync(string target, string? noticeId, string userId, CancellationToken ct = default)
    {
        Calls.Add($"{target} for {noticeId ?? "-"} by {userId}");
        return Task.FromResult(Reply.Plain("checked " + target));
    }

    public Task<Reply> CheckChainAsync(string pem, string? noticeId, string userId, CancellationToken ct = default)
    {
        Calls.Add($"chain [{pem}] for {noticeId ?? "-"} by {userId}");
        return Task.FromResult(Reply.Plain("checked a pasted chain"));
    }

    public Task<Reply> CompareAsync(string noticeId, string userId, bool includeDrafts, CancellationToken ct = default)
    {
        Calls.Add($"compare {noticeId} by {userId}{(includeDrafts ? " with drafts" : "")}");
        return Task.FromResult(Reply.Plain("compared " + noticeId));
    }
}
