using ChangeBot.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeBot.Tests.Slack;

/// <summary>A platform without settings is off; present-but-wrong settings stop start-up naming the setting.</summary>
public sealed class SlackOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoSlackSettings_SlackEndpointsAreNotMapped()
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();

        var response = await client.PostAsync("/slack/events", new StringContent("{}"), Ct);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Slack:BotToken", "xoxp-user-token", "Slack:BotToken")]
    [InlineData("Slack:SigningSecret", "short", "Slack:SigningSecret")]
    [InlineData("Slack:AppToken", "xoxb-not-an-app-token", "Slack:AppToken")]
    [InlineData("Slack:ApiBaseUrl", "http://slack.example.com/api/", "Slack:ApiBaseUrl")]
    [InlineData("Slack:ClientSecret", "", "Slack:ClientId")]
    public void WrongSetting_StopsStartupNamingIt(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SlackTestApp.SigningSecret,
            ["Slack:BotToken"] = SlackTestApp.BotToken,
            ["Slack:ClientId"] = "1111.2222",
            ["Slack:ClientSecret"] = "client-secret",
            [key] = value,
        };
        using var app = new ChangeBotApp(settings);

        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(e is OptionsValidationException ? e : e.InnerException ?? e, exactMatch: false);
        Assert.Contains(validation.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void SigningSecretWithoutAnyToken_StopsStartup()
    {
        using var app = new ChangeBotApp(new Dictionary<string, string?> { ["Slack:SigningSecret"] = SlackTestApp.SigningSecret });

        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Slack:BotToken", e.ToString(), StringComparison.Ordinal);
    }
}
