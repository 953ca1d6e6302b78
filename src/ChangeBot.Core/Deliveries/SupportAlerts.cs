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

    public async Task RaiseAsync(string title, string text, CancellationToken ct = default)
    {
        LogAlert(log, title, text);
        foreach (var key in supportChannels)
        {
            var address = ConversationAddress.Parse(key);
            if (!_channels.TryGetValue(address.Platform, out var channel))
            {
                continue;
            }

            try
            {
                await channel.SendAsync(address, new Reply { Title = title, Text = text }, null, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAlertFailed(log, key, ex.Message);
            }
        }
    }

    [LoggerMessage(DeliveryEventIds.Alert, LogLevel.Warning, "Support alert: {Title}: {Text}")]
    private static partial void LogAlert(ILogger logger, string title, string text);

    [LoggerMessage(DeliveryEventIds.AlertFailed, LogLevel.Warning, "Could not post a support alert to {Channel}: {Reason}")]
    private static partial void LogAlertFailed(ILogger logger, string channel, string reason);
}
