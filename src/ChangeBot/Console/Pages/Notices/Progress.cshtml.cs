using System.Globalization;
using System.Text.Json;
using ChangeBot.Core.Audit;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.Mvc;

namespace ChangeBot.SupportConsole.Pages.Notices;

/// <summary>
/// A broadcast going out: sent / pending / throttled / failed, the failures with their reasons and a retry for
/// those a retry can fix (<see cref="DeliveryFailures.IsRetryable"/>, by the recorded failure kind). The page is
/// complete without script; console-progress.js keeps the bar moving from <c>?handler=stream</c>, a server-sent
/// event stream that sends a change only and ends when nothing is waiting or after <see cref="MaxStream"/>. The
/// streams of one notice share one ledger reading per tick (<see cref="BroadcastProgressFeed"/>), so the watchers
/// do not slow the broadcast they watch, however many there are.
/// </summary>
internal sealed class ProgressModel(IChangeBotStore store, DeliveryEngine engine, AuditTrail audit, BroadcastProgressFeed feed, TimeProvider time)
    : NoticePage(store)
{
    /// <summary>A stream ends after this long; the script reconnects if the broadcast is still going.</summary>
    public static readonly TimeSpan MaxStream = TimeSpan.FromMinutes(5);

    public BroadcastProgress Progress { get; private set; } = null!;

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        Message = TempData["Message"] as string;
        Progress = await BroadcastProgress.OfAsync(store, Notice.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRetryAsync(string? key, CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        // Only a delivery of this notice: the key comes from the form.
        var ours = key is { Length: <= 2000 } && (await store.GetDeliveryAsync(key, ct))?.NoticeId == Notice.Id;
        if (ours && await engine.RetryAsync(key!, ct))
        {
            await audit.RecordAsync(ConsoleActor.Of(User), "retry", Notice.Id, key!, ct);
            TempData["Message"] = "The delivery is queued again.";
            return Redirect(Path + "/progress");
        }

        Error = ours ? "That delivery is not failed, or its failure is not one a retry can fix." : "There is no such delivery of this notice.";
        Response.StatusCode = StatusCodes.Status409Conflict;
        Progress = await BroadcastProgress.OfAsync(store, Notice.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetStreamAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        Response.ContentType = "text/event-stream";
        Response.Headers.CacheControl = "no-store";
        var started = time.GetUtcNow();
        string? last = null;
        try
        {
            while (true)
            {
                var (progress, freshUntil) = await feed.ReadAsync(Notice.Id, ct);
                var data = Json(progress);
                if (data != last)
                {
                    await Response.WriteAsync($"event: progress\ndata: {data}\n\n", ct);
                    await Response.Body.FlushAsync(ct);
                    last = data;
                }

                if (progress.Done)
                {
                    await Response.WriteAsync("event: done\ndata: {}\n\n", ct);
                    break;
                }

                if (time.GetUtcNow() - started >= MaxStream)
                {
                    break;
                }

                // Until the shared reading goes stale: every watcher of the notice wakes for the same next one.
                var wait = freshUntil - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser went away.
        }

        return new EmptyResult();
    }

    public static string Json(BroadcastProgress p) => JsonSerializer.Serialize(new Dictionary<string, int>
    {
        ["sent"] = p.Sent, ["pending"] = p.Pending, ["throttled"] = p.Throttled, ["failed"] = p.Failed, ["total"] = p.Total,
    });

    public static string Percent(int part, int total) =>
        total == 0 ? "0" : (100.0 * part / total).ToString("0.#", CultureInfo.InvariantCulture);
}
