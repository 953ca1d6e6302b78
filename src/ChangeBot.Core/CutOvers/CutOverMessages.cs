using System.Globalization;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.CutOvers;

/// <summary>
/// What a cut-over message says, and how its ledger key carries it. The discriminator is
/// <c>sequence|state|first-seen|endpoint</c>: the sequence makes each switch's message its own delivery, and
/// the rest lets the message be composed when sending from the ledger record alone, like every other kind
/// (<see cref="DeliveryContent"/>). An observation never changes once stored, so its discriminator is stable.
/// </summary>
public static class CutOverMessages
{
    /// <summary>Cut-over messages are about the endpoint, not about a revision of the notice: a fixed revision keeps
    /// their key the same however often the notice is updated between a switch and its message.</summary>
    public const int Revision = 0;

    public static string Discriminator(CutOverObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return string.Join('|',
            observation.Sequence.ToString(CultureInfo.InvariantCulture),
            Word(observation.State),
            observation.FirstSeen.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            observation.Endpoint);
    }

    /// <summary>The message of a <see cref="DeliveryKind.CutOver"/> delivery: in the notice's thread and notifying
    /// the whole conversation, as a reminder does, because it tells everyone the change is now real.</summary>
    public static Reply Compose(Notice notice, string discriminator)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var parts = (discriminator ?? "").Split('|', 4);
        var endpoint = parts.Length == 4 ? parts[3] : "the endpoint";
        var at = parts.Length == 4 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeMarkup.Mark(DateTimeOffset.FromUnixTimeSeconds(seconds))
            : "just now";
        var rolledBack = parts.Length > 1 && parts[1] == Word(CutOverState.RolledBack);
        return new Reply
        {
            Title = notice.Title,
            Severity = notice.Severity,
            Text = rolledBack
                ? $"The change was rolled back on {endpoint} (since {at}): it presents its previous certificate chain again."
                : $"The change is live on {endpoint} (since {at}): it now presents the announced certificate chain.",
            NoticeId = notice.Id,
            NotifyConversation = true,
        };
    }

    /// <summary>The state as the JSON and the ledger spell it.</summary>
    public static string Word(CutOverState state) => state == CutOverState.Live ? "live" : "rolled-back";
}
