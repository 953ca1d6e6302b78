using System.Globalization;
using System.Text.Json.Nodes;

namespace ChangeBot.DirectLine;

/// <summary>An activity as stored: already serialized, so concurrent readers never touch a mutable node.</summary>
internal sealed record StoredActivity(long Sequence, string Id, string Json, string? NoticeId);

/// <summary>
/// One Direct Line conversation, in memory: a bounded history whose sequence numbers are the
/// watermarks, and a signal that fires when something is appended (for WebSocket streams and tests).
/// </summary>
internal sealed class DirectLineConversation(string id, DateTimeOffset now, int maxActivities, string? clientAddress = null)
{
    /// <summary>History kept, in characters of JSON; the newest activity is always kept, whatever its size.</summary>
    public const int MaxHistoryChars = 1024 * 1024;

    /// <summary>One GET (or stream frame) carries at most this many activities or characters; the watermark says where to go on.</summary>
    public const int MaxActivitiesPerPage = 50;

    public const int MaxPageChars = 256 * 1024;

    /// <summary>Turns queued or running for this conversation; beyond it a post is refused with 429.</summary>
    public const int MaxPendingTurns = 3;

    private int _historyChars;
    private int _pendingTurns;

    private readonly Lock _lock = new();
    private readonly Queue<StoredActivity> _history = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private StreamLease? _stream;
    private DateTimeOffset _lastTimestamp = DateTimeOffset.MinValue;

    public string Id { get; } = id;

    /// <summary>The address (or IPv6 /64) that started it, for the per-address bound; null for the secret holder.</summary>
    public string? ClientAddress { get; } = clientAddress;

    /// <summary>The server-assigned id of the anonymous visitor of this conversation.</summary>
    public string VisitorId => "guest-" + Id[..12];

    /// <summary>Claims a slot for one more turn; false when <see cref="MaxPendingTurns"/> are already pending.</summary>
    public bool TryBeginTurn()
    {
        lock (_lock)
        {
            if (_pendingTurns >= MaxPendingTurns)
            {
                return false;
            }

            _pendingTurns++;
            return true;
        }
    }

    public void EndTurn()
    {
        lock (_lock)
        {
            _pendingTurns--;
        }
    }

    /// <summary>The user id a token or the start request bound to this conversation, if any.</summary>
    public string? BoundUserId { get; set; }

    /// <summary>Set by the first POST /conversations; a generated token only reserves the id.</summary>
    public bool Started { get; set; }

    /// <summary>The reader's IANA zone and locale from their latest message, for proactive replies.</summary>
    public string? TimeZone { get; set; }

    public string? Locale { get; set; }

    public DateTimeOffset LastTouched { get; private set; } = now;

    public void Touch(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (now > LastTouched)
            {
                LastTouched = now;
            }
        }
    }

    /// <summary>Stamps the activity's id, timestamp, conversation and channel, and appends it. Timestamps
    /// never go backwards, so clients can order by them; the oldest activities fall off past the bound.</summary>
    public StoredActivity Append(JsonObject activity, DateTimeOffset now, string? noticeId = null)
    {
        TaskCompletionSource fired;
        StoredActivity stored;
        lock (_lock)
        {
            var sequence = ++_sequence;
            var timestamp = now > _lastTimestamp ? now : _lastTimestamp.AddTicks(TimeSpan.TicksPerMillisecond);
            _lastTimestamp = timestamp;
            var activityId = Id + "|" + sequence.ToString("D7", CultureInfo.InvariantCulture);
            activity["id"] = activityId;
            activity["timestamp"] = timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            activity["conversation"] = new JsonObject { ["id"] = Id };
            activity["channelId"] = "directline";
            stored = new StoredActivity(sequence, activityId, activity.ToJsonString(), noticeId);
            _history.Enqueue(stored);
            _historyChars += stored.Json.Length;
            while (_history.Count > maxActivities || (_historyChars > MaxHistoryChars && _history.Count > 1))
            {
                _historyChars -= _history.Dequeue().Json.Length;
            }

            if (now > LastTouched)
            {
                LastTouched = now;
            }

            fired = _appended;
            _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.SetResult();
        return stored;
    }

    /// <summary>The activities after <paramref name="watermark"/>, at most a page of them, and the watermark to
    /// send back (the last one sent when more remain). Also returns a task that completes on the next append, so
    /// a waiter cannot miss one in between.</summary>
    public ActivityPage After(long watermark)
    {
        lock (_lock)
        {
            var activities = new List<StoredActivity>();
            var chars = 0;
            foreach (var activity in _history)
            {
                if (activity.Sequence <= watermark)
                {
                    continue;
                }

                if (activities.Count == MaxActivitiesPerPage || (activities.Count > 0 && chars + activity.Json.Length > MaxPageChars))
                {
                    return new ActivityPage(activities, activities[^1].Sequence, _appended.Task, HasMore: true);
                }

                activities.Add(activity);
                chars += activity.Json.Length;
            }

            return new ActivityPage(activities, _sequence, _appended.Task);
        }
    }

    /// <summary>Takes over the conversation's one stream; the previous holder's token is cancelled.</summary>
    public StreamLease ReplaceStream()
    {
        var lease = new StreamLease(this);
        StreamLease? previous;
        lock (_lock)
        {
            previous = _stream;
            _stream = lease;
        }

        previous?.Revoke();
        return lease;
    }

    internal void Release(StreamLease lease)
    {
        lock (_lock)
        {
            if (_stream == lease)
            {
                _stream = null;
            }
        }
    }

    public StoredActivity? Find(string activityId)
    {
        lock (_lock)
        {
            return _history.FirstOrDefault(a => a.Id == activityId);
        }
    }
}

internal sealed record ActivityPage(IReadOnlyList<StoredActivity> Activities, long Watermark, Task NextAppend, bool HasMore = false);
