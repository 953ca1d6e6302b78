using ChangeBot.Core.Conversations;
using ChangeBot.Core.Subscriptions;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Core.Deliveries;

/// <summary>
/// Tells support about things that need a person (a channel asking for help, a channel that broke):
/// posts to the conversations listed in <c>ChangeBot:SupportChannels</c> and always logs, so an alert
/// is never silently dropped when no support channel is configured.
/// </summary>
public sealed partial class SupportAlerts(IReadOnlyList<string> supportChannels, IEnumerable<IChatChannel> channels, ILogger<SupportAlerts> log)
{
    private readonly Dictionary<string, IChatChannel> _channels = channels.ToDictionary(c => c.Platform, StringComparer.Ordinal);

    /// <summary>Logs the alert and posts it to every support conversation; returns how many it reached, so a
    /// reply never says support was told when the alert only reached the log.</summary>
    public async Task<int> RaiseAsync(string title, string text, CancellationToken ct = default)
    {
        LogAlert(log, title, text);
        var reached = 0;
        foreach (var key in supportChannels)
        {
            var address = ConversationAddress.Parse(key);
            if (!_channels.TryGetValue(address.Platform, out var channel))
            {
                continue;
            }

            try
            {
                var result = await channel.SendAsync(address, new Reply { Title = title, Text = text }, null, ct);
                if (result.Status == SendStatus.Sent)
                {
                    reached++;
                }
                else
                {
                    LogAlertFailed(log, key, result.Error ?? result.Status.ToString());
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAlertFailed(log, key, ex.Message);
            }
        }

        return reached;
    }

    [LoggerMessage(DeliveryEventIds.Alert, LogLevel.Warning, "Support alert: {Title}: {Text}")]
    private static partial void LogAlert(ILogger logger, string title, string text);

    [LoggerMessage(DeliveryEventIds.AlertFailed, LogLevel.Warning, "Could not post a support alert to {Channel}: {Reason}")]
    private static partial void LogAlertFailed(ILogger logger, string channel, string reason);
}
