using System.Globalization;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Scheduling;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;

namespace ChangeBot.Core.Operations;

/// <summary>
/// Support actions and channel answers. Authorization is the caller's job (one <see cref="SupportPolicy"/>
/// for every surface); this class validates input, changes nothing on failure, audits every change.
/// </summary>
public sealed class NoticeOperations(
    IChangeBotStore store,
    DeliveryEngine engine,
    NoticeScheduler scheduler,
    SupportAlerts alerts,
    AuditTrail audit,
    TimeProvider time,
    IEnumerable<INoticeObserver> observers) : INoticeOperations
{
    public Task<OperationResult> PublishAsync(string noticeId, Actor actor, CancellationToken ct = default) => PublishCoreAsync(noticeId, actor, null, ct);

    public Task<OperationResult> PublishAsync(string noticeId, Actor actor, int expectedRevision, CancellationToken ct = default) =>
        PublishCoreAsync(noticeId, actor, expectedRevision, ct);

    public Task<OperationResult> UpdateAsync(string noticeId, string text, Actor actor, CancellationToken ct = default) => UpdateCoreAsync(noticeId, text, actor, null, ct);

    public Task<OperationResult> UpdateAsync(string noticeId, string text, Actor actor, int expectedRevision, CancellationToken ct = default) =>
        UpdateCoreAsync(noticeId, text, actor, expectedRevision, ct);

    public Task<OperationResult> RescheduleAsync(string noticeId, string newDeadline, Actor actor, CancellationToken ct = default) =>
        RescheduleCoreAsync(noticeId, newDeadline, actor, null, ct);

    public Task<OperationResult> RescheduleAsync(string noticeId, string newDeadline, Actor actor, int expectedRevision, CancellationToken ct = default) =>
        RescheduleCoreAsync(noticeId, newDeadline, actor, expectedRevision, ct);

    public Task<OperationResult> CancelAsync(string noticeId, Actor actor, CancellationToken ct = default) => CancelCoreAsync(noticeId, actor, null, ct);

    public Task<OperationResult> CancelAsync(string noticeId, Actor actor, int expectedRevision, CancellationToken ct = default) =>
        CancelCoreAsync(noticeId, actor, expectedRevision, ct);

    private async Task<OperationResult> PublishCoreAsync(string noticeId, Actor actor, int? expectedRevision, CancellationToken ct)
    {
        if (await store.GetNoticeAsync(noticeId, ct) is not { } notice)
        {
            return NotFound(noticeId);
        }

        if (IsStale(notice, expectedRevision) is { } stale)
        {
            return stale;
        }

        if (!NoticeLifecycle.CanMove(notice.State, NoticeState.Published))
        {
            return OperationResult.Fail(OperationError.Conflict, $"Notice {noticeId} is {Describe(notice.State)}; it cannot be published.");
        }

        // A window that has already started or ended puts the notice straight into that state.
        var published = NoticeLifecycle.MoveTo(notice, NoticeState.Published) with { Revision = notice.Revision + 1 };
        var now = time.GetUtcNow();
        var scheduled = NoticeLifecycle.ScheduledState(published, now);
        if (scheduled != NoticeState.Published)
        {
            published = NoticeLifecycle.MoveTo(published, scheduled);
        }

        // The state and the broadcast it owes in one transaction (the ledger is the outbox): a publish that loses
        // to another change (a second publish, an edit, a cancel) reserves nothing, so no broadcast is left owed on
        // a revision that never became the published one, and a crash cannot leave a published notice owing none.
        var channels = await engine.MatchingChannelsAsync(published, ct);
        if (!await store.UpdateNoticeAndReserveAsync(published, notice.Revision, engine.Owed(published, DeliveryKind.Broadcast, "", channels), ct))
        {
            return Concurrent(notice, expectedRevision);
        }

        await AfterChangeAsync(published, actor, "publish", $"to {channels.Count} channel(s)", ct);
        return OperationResult.Ok(Reply.Plain($"Published {notice.Title} ({noticeId}) to {channels.Count} subscribed channel(s)."));
    }

    private async Task<OperationResult> UpdateCoreAsync(string noticeId, string text, Actor actor, int? expectedRevision, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return OperationResult.Fail(OperationError.Invalid, "An update needs text: update <id> <text>.");
        }

        if (await store.GetNoticeAsync(noticeId, ct) is not { } notice)
        {
            return NotFound(noticeId);
        }

        if (IsStale(notice, expectedRevision) is { } stale)
        {
            return stale;
        }

        if (notice.State is NoticeState.Draft or NoticeState.Cancelled)
        {
            return OperationResult.Fail(OperationError.Conflict, $"Notice {noticeId} is {Describe(notice.State)}; only a published notice can get updates.");
        }

        var (updated, sequence) = WithUpdate(notice, text.Trim(), actor);
        return await SaveAndTellAsync(notice, updated, sequence, actor, "update", text.Trim(), expectedRevision, ct)
            ?? OperationResult.Ok(Reply.Plain($"Update posted to every channel that received {noticeId}."));
    }

    private async Task<OperationResult> RescheduleCoreAsync(string noticeId, string newDeadline, Actor actor, int? expectedRevision, CancellationToken ct)
    {
        if (await store.GetNoticeAsync(noticeId, ct) is not { } notice)
        {
            return NotFound(noticeId);
        }

        if (IsStale(notice, expectedRevision) is { } stale)
        {
            return stale;
        }

        if (notice.State is NoticeState.Cancelled or NoticeState.Completed)
        {
            return OperationResult.Fail(OperationError.Conflict, $"Notice {noticeId} is {Describe(notice.State)}; it cannot be rescheduled.");
        }

        DateTimeOffset deadline;
        try
        {
            deadline = NoticeTime.ParseInstant(newDeadline.Trim(), notice.TimeZone);
        }
        catch (FormatException ex)
        {
            return OperationResult.Fail(OperationError.Invalid, $"'{newDeadline}' is not a deadline: {ex.Message}");
        }

        if (deadline <= time.GetUtcNow())
        {
            return OperationResult.Fail(OperationError.Invalid, $"The new deadline {deadline:u} is in the past.");
        }

        if (notice.WindowEnd is { } end && deadline > end)
        {
            return OperationResult.Fail(OperationError.Invalid, $"The new deadline {deadline:u} is after the window's end ({end:u}).");
        }

        var text = notice.ActionDeadline is { } old
            ? $"The action deadline moved from {TimeMarkup.Mark(old)} to {TimeMarkup.Mark(deadline)}."
            : $"The action deadline is now {TimeMarkup.Mark(deadline)}.";
        var (updated, sequence) = WithUpdate(notice with { ActionDeadline = deadline }, text, actor);
        return await SaveAndTellAsync(notice, updated, sequence, actor, "reschedule", $"deadline {deadline:O}", expectedRevision, ct)
            ?? OperationResult.Ok(Reply.Plain($"Rescheduled {noticeId}: the deadline is now {TimeMarkup.Mark(deadline)}; pending reminders moved."));
    }

    private async Task<OperationResult> CancelCoreAsync(string noticeId, Actor actor, int? expectedRevision, CancellationToken ct)
    {
        if (await store.GetNoticeAsync(noticeId, ct) is not { } notice)
        {
            return NotFound(noticeId);
        }

        if (IsStale(notice, expectedRevision) is { } stale)
        {
            return stale;
        }

        if (!NoticeLifecycle.CanMove(notice.State, NoticeState.Cancelled))
        {
            return OperationResult.Fail(OperationError.Conflict, $"Notice {noticeId} is {Describe(notice.State)}; it cannot be cancelled.");
        }

        var cancelled = NoticeLifecycle.MoveTo(notice, NoticeState.Cancelled) with { Revision = notice.Revision + 1 };
        // The "cancelled" messages are written with the state change: a crash between the two lost them.
        var told = engine.Owed(cancelled, DeliveryKind.StateChange, nameof(NoticeState.Cancelled), await engine.BroadcastChannelsAsync(noticeId, ct));
        if (!await store.UpdateNoticeAndReserveAsync(cancelled, notice.Revision, told, ct))
        {
            return Concurrent(notice, expectedRevision);
        }

        await AfterChangeAsync(cancelled, actor, "cancel", "pending reminders removed", ct);
        return OperationResult.Ok(Reply.Plain($"Cancelled {noticeId}; subscribers are told and pending reminders are removed."));
    }

    public async Task<OperationResult> GetReadinessAsync(string noticeId, CancellationToken ct = default)
    {
        if (await store.GetNoticeAsync(noticeId, ct) is not { } notice)
        {
            return NotFound(noticeId);
        }

        return OperationResult.Ok(Readiness.Render(notice, await Readiness.ReportAsync(store, noticeId, ct), await store.ListCutOversAsync(noticeId, ct)));
    }

    public async Task<OperationResult> AcknowledgeAsync(string noticeId, AckAnswer answer, ConversationAddress channel, Actor actor, CancellationToken ct = default)
    {
        if (await store.GetNoticeAsync(noticeId, ct) is not { } notice || notice.State == NoticeState.Draft)
        {
            return NotFound(noticeId);
        }

        await store.AddAcknowledgementAsync(new Acknowledgement(noticeId, channel.Key, answer, actor.UserId, time.GetUtcNow()), ct);
        if (answer == AckAnswer.NeedHelp)
        {
            var told = await alerts.RaiseAsync($"Help needed: {notice.Title}", $"{actor.UserId} in {channel.Key} asked for help with {noticeId}.", ct);
            // Without a support channel the alert reaches only the server's log: say what did happen.
            return OperationResult.Ok(Reply.Plain(told > 0
                ? "Thanks. Support has been told you need help and will be in touch; reminders continue until you are ready."
                : "Thanks, recorded: this channel needs help. Support sees it in this notice's readiness, but no one was alerted "
                    + "right away, so if it is urgent contact your support team directly. Reminders continue until you are ready."));
        }

        return OperationResult.Ok(Reply.Plain($"Thanks, recorded: this channel is {AckWords.Describe(answer)} for {notice.Title}. No more reminders will come here."));
    }

    private (Notice Updated, int Sequence) WithUpdate(Notice notice, string text, Actor actor)
    {
        var sequence = notice.Updates.Count + 1;
        var update = new NoticeUpdate(sequence, text, actor.UserId, time.GetUtcNow());
        return (notice with { Updates = [.. notice.Updates, update], Revision = notice.Revision + 1 }, sequence);
    }

    /// <summary>Saves a changed notice and threads the update under every delivered message; null on success.</summary>
    private async Task<OperationResult?> SaveAndTellAsync(Notice original, Notice updated, int sequence, Actor actor, string action, string details,
        int? expectedRevision, CancellationToken ct)
    {
        // The update messages are written with the notice (one transaction): a crash between the two lost them.
        var channels = await engine.BroadcastChannelsAsync(original.Id, ct);
        var told = engine.Owed(updated, DeliveryKind.Update, sequence.ToString(CultureInfo.InvariantCulture), channels);
        if (!await store.UpdateNoticeAndReserveAsync(updated, original.Revision, told, ct))
        {
            return Concurrent(original, expectedRevision);
        }

        await AfterChangeAsync(updated, actor, action, details, ct);
        return null;
    }

    private async Task AfterChangeAsync(Notice notice, Actor actor, string action, string details, CancellationToken ct)
    {
        foreach (var observer in observers)
        {
            observer.NoticeChanged(notice);
        }

        await scheduler.SyncAsync(notice, ct);
        await audit.RecordAsync(actor, action, notice.Id, details, ct);
        engine.EnqueueDispatch(notice.Id);
    }

    private static OperationResult NotFound(string id) => OperationResult.Fail(OperationError.NotFound, $"There is no notice '{id}'. Try 'notices' to list them.");

    /// <summary>The compare-and-set lost: with the revision the caller saw, that is a stale view too.</summary>
    private static OperationResult Concurrent(Notice read, int? expectedRevision) => expectedRevision is { } seen
        ? StaleResult(read.Id, seen)
        : OperationResult.Fail(OperationError.Conflict, $"Notice {read.Id} changed while this ran; nothing was changed. Please try again.");

    /// <summary>Null when the caller saw no particular revision or saw this one; the revision the store compares
    /// against is the one read here, so the check and the save together are atomic.</summary>
    private static OperationResult? IsStale(Notice notice, int? expectedRevision) =>
        expectedRevision is { } seen && seen != notice.Revision ? StaleResult(notice.Id, seen) : null;

    private static OperationResult StaleResult(string id, int seen) =>
        OperationResult.Fail(OperationError.Stale, $"Notice {id} changed since you saw revision {seen}; nothing was changed. Check it and try again.");

    private static string Describe(NoticeState state) => state switch
    {
        NoticeState.InProgress => "in progress",
        _ => state.ToString().ToLowerInvariant(),
    };
}
