namespace ChangeBot.Slack.SocketMode;

internal sealed class SlackSocketModeService : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
