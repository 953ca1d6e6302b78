using ChangeBot.Core.Audit;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Scheduling;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Testing.InMemory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Core.Tests.Deliveries;

/// <summary>The delivery engine with a fake clock, an in-memory store, a recording chat platform and a job
/// system that runs nothing until the test says so.</summary>
internal sealed class DeliveryHarness
{
    public static readonly DateTimeOffset Start = new(2016, 11, 20, 12, 0, 0, TimeSpan.Zero);

    /// <param name="platform">the subscribed channels' platform; a test that reads process-wide metrics
    /// gives its own, so parallel tests' deliveries do not mix with its own.</param>
    public DeliveryHarness(string platform = "test")
    {
        Platform = platform;
        Channel = new RecordingChannel(platform);
        Alerts = new SupportAlerts([SupportAddress.Key], [Channel, SupportChannel], NullLogger<SupportAlerts>.Instance);
        Engine = new DeliveryEngine(Store, [Channel], Jobs, Time, NullLogger<DeliveryEngine>.Instance, Alerts);
        Scheduler = new NoticeScheduler(Store, Jobs, Time);
        NoticeJobs = new NoticeJobs(Store, Engine, Scheduler, Time, []);
        Operations = new NoticeOperations(Store, Engine, Scheduler, Alerts, new AuditTrail(Store, Time), Time, []);
    }

    /// <summary>Where support alerts go (<c>ChangeBot:SupportChannels</c>), on a platform of its own.</summary>
    public static ConversationAddress SupportAddress { get; } = new("support", "w1", "team");

    public string Platform { get; }

    /// <summary>Records the support alerts.</summary>
    public RecordingChannel SupportChannel { get; } = new("support");

    public SupportAlerts Alerts { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public InMemoryChangeBotStore Store { get; } = new();

    public RecordingJobs Jobs { get; } = new();

    public RecordingChannel Channel { get; }

    public DeliveryEngine Engine { get; }

    public NoticeScheduler Scheduler { get; }

    public NoticeJobs NoticeJobs { get; }

    public NoticeOperations Operations { get; }

    public static Actor Support { get; } = new("test:support", "test");

    /// <summary>A notice like the seed's: window Dec 6 2016 07:00-11:00 Pacific, deadline at the window start.</summary>
    public static Notice SampleNotice(string id = "tls-change") => new()
    {
        Id = id,
        Title = "TLS certificate change",
        Severity = Severity.ActionRequired,
        Products = ["api"],
        Environments = ["api-sandbox"],
        TimeZone = "America/Los_Angeles",
        WindowStart = new DateTimeOffset(2016, 12, 6, 15, 0, 0, TimeSpan.Zero),
        WindowEnd = new DateTimeOffset(2016, 12, 6, 19, 0, 0, TimeSpan.Zero),
        ActionDeadline = new DateTimeOffset(2016, 12, 6, 15, 0, 0, TimeSpan.Zero),
        ContentHash = "hash-1",
    };

    public async Task<Notice> ImportAsync(Notice notice)
    {
        await Store.ImportNoticesAsync([notice]);
        return (await Store.GetNoticeAsync(notice.Id))!;
    }

    public async Task<ConversationAddress> SubscribeAsync(string conversation, params string[] filters)
    {
        var address = new ConversationAddress(Platform, "w1", conversation);
        await Store.UpsertSubscriptionAsync(new Subscription(address, filters, "test:someone", Time.GetUtcNow()));
        return address;
    }

    /// <summary>Runs every dispatch the engine asked for, as a job worker would.</summary>
    public async Task DrainAsync()
    {
        while (Jobs.TakeDispatches() is { Count: > 0 } notices)
        {
            foreach (var id in notices.Distinct())
            {
                await Engine.DispatchAsync(id);
            }
        }
    }

    /// <summary>Moves the clock to each scheduled job's due time in order and runs it, up to <paramref name="until"/>.</summary>
    public async Task RunScheduledUntilAsync(DateTimeOffset until)
    {
        while (Jobs.NextDue(until) is { } job)
        {
            if (job.Job.DueAt > Time.GetUtcNow())
            {
                Time.SetUtcNow(job.Job.DueAt);
            }

            Jobs.Scheduled.Remove(job.Id);
            await NoticeJobs.RunPlannedAsync(job.Job.NoticeId, job.Job.Key);
            await DrainAsync();
        }

        if (until > Time.GetUtcNow())
        {
            Time.SetUtcNow(until);
        }
    }
}

internal sealed class RecordingJobs : IJobScheduler
{
    private readonly List<string> _dispatches = [];
    private int _next;

    public Dictionary<string, PlannedJob> Scheduled { get; } = [];

    public List<string> Deleted { get; } = [];

    public string Schedule(PlannedJob job)
    {
        var id = $"job-{++_next}";
        Scheduled[id] = job;
        return id;
    }

    public void Delete(string jobId)
    {
        Deleted.Add(jobId);
        Scheduled.Remove(jobId);
    }

    /// <summary>Released once per enqueued dispatch, for tests whose dispatch comes from a background loop.</summary>
    public SemaphoreSlim DispatchEnqueued { get; } = new(0);

    public void EnqueueDispatch(string noticeId)
    {
        lock (_dispatches)
        {
            _dispatches.Add(noticeId);
        }

        DispatchEnqueued.Release();
    }

    public List<string> TakeDispatches()
    {
        lock (_dispatches)
        {
            var taken = _dispatches.ToList();
            _dispatches.Clear();
            return taken;
        }
    }

    public (string Id, PlannedJob Job)? NextDue(DateTimeOffset until) =>
        Scheduled.Where(j => j.Value.DueAt <= until).OrderBy(j => j.Value.DueAt).Select(j => ((string, PlannedJob)?)(j.Key, j.Value)).FirstOrDefault();
}

/// <summary>A chat platform that records what it was asked to post. It can fail after posting (the
/// answer is lost) to model the ambiguous case, and can look messages up by delivery key.</summary>
internal sealed class RecordingChannel(string platform) : IChatChannel, IDeliveryLookup
{
    private int _next;

    public string Platform => platform;

    public List<(ConversationAddress To, Reply Reply, string? Thread, string Id)> Posted { get; } = [];

    public List<(ConversationAddress To, string MessageId, Reply Reply)> Edited { get; } = [];

    /// <summary>When set, the next send posts the message and then fails as if the answer were lost.</summary>
    public bool LoseNextAnswer { get; set; }

    public bool SupportsLookup { get; set; } = true;

    public Func<ConversationAddress, SendResult?>? Refuse { get; set; }

    public Task<SendResult> SendAsync(ConversationAddress to, Reply reply, string? threadMessageId, CancellationToken ct = default)
    {
        if (Refuse?.Invoke(to) is { } refusal)
        {
            return Task.FromResult(refusal);
        }

        string id;
        lock (Posted)
        {
            id = $"m{++_next}";
            Posted.Add((to, reply, threadMessageId, id));
        }

        if (LoseNextAnswer)
        {
            LoseNextAnswer = false;
            throw new HttpRequestException("connection reset after the platform accepted the message");
        }

        return Task.FromResult(SendResult.Sent(id));
    }

    public Task<SendResult> UpdateAsync(ConversationAddress to, string messageId, Reply reply, CancellationToken ct = default)
    {
        lock (Edited)
        {
            Edited.Add((to, messageId, reply));
        }

        return Task.FromResult(SendResult.Sent(messageId));
    }

    public Task<string?> FindSentAsync(ConversationAddress to, string deliveryKey, CancellationToken ct = default)
    {
        if (!SupportsLookup)
        {
            return Task.FromResult<string?>(null);
        }

        lock (Posted)
        {
            return Task.FromResult(Posted.Where(p => p.To == to && p.Reply.DeliveryKey == deliveryKey).Select(p => p.Id).FirstOrDefault());
        }
    }

    public List<Reply> PostedTo(ConversationAddress to)
    {
        lock (Posted)
        {
            return [.. Posted.Where(p => p.To == to).Select(p => p.Reply)];
        }
    }
}
