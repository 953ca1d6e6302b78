namespace ChangeBot.Tests.BotFramework;

/// <summary>One <see cref="TeamsTestHost"/> shared by a test class whose tests change nothing (refusals).</summary>
public sealed class TeamsHostFixture : IAsyncLifetime
{
    internal TeamsTestHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await TeamsTestHost.StartAsync();

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
