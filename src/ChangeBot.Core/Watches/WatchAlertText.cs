using ChangeBot.Core.Conversations;
using ChangeBot.Core.Deliveries;

namespace ChangeBot.Core.Watches;

/// <summary>What each watch alert says, composed when sending from the alert's discriminator and the watch as
/// stored, so a resumed delivery says what the first attempt would have. Alerts are top-level messages that
/// the whole channel sees (<see cref="Reply.NotifyConversation"/>), not replies in a thread.</summary>
public static class WatchAlertText
{
    public static Reply Compose(Watch watch, string discriminator, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(watch);
        ArgumentNullException.ThrowIfNull(discriminator);
        var state = watch.State;
        var kind = discriminator.Split(':', 2)[0];
        var (title, text) = kind switch
        {
            WatchJudge.Expiry => ($"Certificate of {watch.Endpoint} expires soon",
                $"The certificate of {watch.Endpoint} expires in {DeliveryContent.Humanize((state.NotAfter ?? now) - now).ToLowerInvariant()} "
                + $"({TimeMarkup.Mark(state.NotAfter ?? now)}). Renew it and install the new one before then."),
            WatchJudge.Expired => ($"Certificate of {watch.Endpoint} has expired",
                $"The certificate of {watch.Endpoint} expired {TimeMarkup.Mark(state.NotAfter ?? now)}; clients refuse to connect until a new one is installed."),
            WatchJudge.IssuerChanged => ($"New issuer for {watch.Endpoint}",
                $"The certificate of {watch.Endpoint} is now issued by '{state.Issuer}'" + Was(state.PreviousIssuer)
                + ". Clients that pin or ship the old intermediate need the new one."),
            WatchJudge.RootChanged => ($"New root for {watch.Endpoint}",
                $"The chain of {watch.Endpoint} now leads to the root '{state.Root}'" + Was(state.PreviousRoot)
                + ". Clients whose trust store lacks that root will stop connecting."),
            WatchJudge.StoreLost => ($"{watch.Endpoint} no longer verifies",
                $"The chain of {watch.Endpoint} no longer verifies in {WatchJudge.StoreName(watch.Store)}"
                + (state.StoreReason is { Length: > 0 } reason ? $": {reason}" : "")
                + $". Say 'check {watch.Endpoint}' for the details."),
            WatchJudge.Unreachable => ($"Could not reach {watch.Endpoint}",
                $"I could not reach {watch.Endpoint} since {TimeMarkup.Mark(state.UnreachableSince ?? now)}"
                + (state.LastError is { Length: > 0 } error ? $" ({error})" : "")
                + ". I keep trying daily; say 'unwatch " + watch.Endpoint + "' if it is gone for good."),
            _ => ($"Watch of {watch.Endpoint}", $"Something changed at {watch.Endpoint}. Say 'check {watch.Endpoint}' for the details."),
        };
        return new Reply { Title = title, Text = text, NotifyConversation = true };
    }

    private static string Was(string? before) => before is { Length: > 0 } ? $" (was '{before}')" : "";
}
