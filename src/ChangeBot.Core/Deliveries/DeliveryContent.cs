using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Deliveries;

/// <summary>What each kind of delivery says. Composed when sending, from the notice as stored, so a
/// resumed delivery says the same as the first attempt would have. Follow-ups go in the notice's thread;
/// a reminder must be seen, so it also reaches the whole conversation (<see cref="Reply.NotifyConversation"/>,
/// see <c>docs/platforms.md#slack-threads</c>), while updates and state changes stay quietly threaded.</summary>
public static class DeliveryContent
{
    public static Reply Compose(Notice notice, Delivery delivery, DateTimeOffset now) => ComposeBody(notice, delivery, now) with
    {
        DeliveryKey = delivery.Key,
    };

    private static Reply ComposeBody(Notice notice, Delivery delivery, DateTimeOffset now) => delivery.Kind switch
    {
        DeliveryKind.Broadcast => NoticeCard(notice),
        DeliveryKind.Update => UpdateReply(notice, delivery.Discriminator),
        DeliveryKind.Reminder => ReminderReply(notice, now),
        DeliveryKind.StateChange => StateReply(notice, delivery.Discriminator),
        DeliveryKind.CutOver => CutOvers.CutOverMessages.Compose(notice, delivery.Discriminator),
        _ => throw new ArgumentOutOfRangeException(nameof(delivery), delivery.Kind, "unknown delivery kind"),
    };

    /// <summary>The broadcast message, re-rendered to edit the original when the notice's state changes.</summary>
    public static Reply NoticeCard(Notice notice) => NoticeReplies.Render(notice);

    private static Reply UpdateReply(Notice notice, string discriminator)
    {
        var update = notice.Updates.FirstOrDefault(u => u.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) == discriminator);
        return new Reply
        {
            Title = $"Update: {notice.Title}",
            Text = update?.Text ?? "The notice was updated.",
            NoticeId = notice.Id,
        };
    }

    private static Reply ReminderReply(Notice notice, DateTimeOffset now)
    {
        var deadline = notice.ActionDeadline ?? now;
        var left = deadline - now;
        return new Reply
        {
            Title = $"Reminder: {notice.Title}",
            Severity = notice.Severity,
            Text = $"{Humanize(left)} left until the action deadline ({TimeMarkup.Mark(deadline)}). "
                + "If you have not checked yet, make sure your systems trust the chain named in the notice, "
                + "then tell us where you stand.",
            NoticeId = notice.Id,
            Buttons = NoticeReplies.AnswerButtons(notice),
            NotifyConversation = true,
        };
    }

    private static Reply StateReply(Notice notice, string state) => new()
    {
        Title = notice.Title,
        Text = state switch
        {
            nameof(NoticeState.InProgress) => $"The maintenance window has started ({TimeMarkup.Mark(notice.WindowStart ?? default)}).",
            nameof(NoticeState.Completed) => $"The maintenance is complete ({TimeMarkup.Mark(notice.WindowEnd ?? default)}).",
            nameof(NoticeState.Cancelled) => "This notice is cancelled: no action is needed for it any more.",
            _ => $"The notice is now {state}.",
        },
        NoticeId = notice.Id,
    };

    /// <summary>"6 days 23 hours", "3 hours 5 minutes", "12 minutes".</summary>
    public static string Humanize(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
        {
            return "No time";
        }

        static string Unit(int n, string name) => n == 1 ? $"1 {name}" : $"{n} {name}s";
        if (span.TotalDays >= 1)
        {
            return span.Hours > 0 ? $"{Unit(span.Days, "day")} {Unit(span.Hours, "hour")}" : Unit(span.Days, "day");
        }

        if (span.TotalHours >= 1)
        {
            return span.Minutes > 0 ? $"{Unit(span.Hours, "hour")} {Unit(span.Minutes, "minute")}" : Unit(span.Hours, "hour");
        }

        return Unit(Math.Max(1, (int)Math.Round(span.TotalMinutes)), "minute");
    }
}
