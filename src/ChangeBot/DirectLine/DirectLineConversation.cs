using System.Globalization;
using System.Text.Json.Nodes;

namespace ChangeBot.DirectLine;

/// <summary>An activity as stored: already serialized, so concurrent readers never touch a mutable node.</summary>
internal sealed record StoredActivity(long Sequence, string Id, string Json, string? NoticeId);

/// <summary>
/// One Direct Line conversation, in memory: a bounded history whose sequence numbers are the
/// watermarks, and a signal that fires when something is appended (for WebSocket streams and tests).
/// </summary>
internal sealed class DirectLineConversation(string id, DateTimeOffset now, int maxActivities)
{
    private readonly Lock _lock = new();
    private readonly Queue<StoredActivity> _history = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private StreamLease? _stream;
    private DateTimeOffset _lastTimestamp = DateTimeOffset.MinValue;

    public string Id { get; } = id;

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
            while (_history.Count > maxActivities)
            {
                _history.Dequeue();
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

    /// <summary>The activities after <paramref name="watermark"/> and the watermark to send back. Also
    /// returns a task that completes on the next append, so a waiter cannot miss one in between.</summary>
    public ActivityPage After(long watermark)
    {
        lock (_lock)
        {
            var activities = _history.Where(a => a.Sequence > watermark).ToList();
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

internal sealed record ActivityPage(IReadOnlyList<StoredActivity> Activities, long Watermark, Task NextAppend);
