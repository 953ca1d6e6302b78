using System.Net;
using ChangeBot.Tests.Hosting;

namespace ChangeBot.Tests.BotFramework;

/// <summary>docs/install-teams.md#2-configure-changebot: absent settings turn Teams off; present-but-wrong settings stop start-up naming the setting.</summary>
public sealed class BotFrameworkSettingsTests
{
    private const string AppId = TestBotIssuer.AppId;
    private const string Password = "pw-Zq8xK2";

    public static TheoryData<string, string, string> WrongSettings() => new()
    {
        { "MicrosoftAppType", "Foo", "BotFramework:MicrosoftAppType" },
        { "MicrosoftAppType", "UserAssignedMSI", "BotFramework:MicrosoftAppType" },
        { "MicrosoftAppType", "1", "BotFramework:MicrosoftAppType" },
        { "MicrosoftAppType", "SingleTenant", "BotFramework:MicrosoftAppTenantId" },
        { "MicrosoftAppPassword", "", "BotFramework:MicrosoftAppPassword" },
        { "MicrosoftAppId", "not-a-guid", "BotFramework:MicrosoftAppId" },
        { "OpenIdMetadataUrl", "http://login.example.com/meta", "BotFramework:OpenIdMetadataUrl" },
        { "OAuthTokenEndpoint", "token", "BotFramework:OAuthTokenEndpoint" },
    };

    [Theory]
    [MemberData(nameof(WrongSettings))]
    public async Task StartUp_WrongBotFrameworkSetting_FailsNamingIt(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppId"] = AppId,
            ["BotFramework:MicrosoftAppPassword"] = Password,
        };
        settings["BotFramework:" + key] = value;
        await using var app = new ChangeBotApp(settings);

        var error = Record.Exception(() => app.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUp_PasswordWithoutAppId_FailsNamingTheAppId()
    {
        await using var app = new ChangeBotApp(new Dictionary<string, string?> { ["BotFramework:MicrosoftAppPassword"] = "secret" });

        var error = Record.Exception(() => app.CreateClient());

        Assert.Contains("BotFramework:MicrosoftAppId", error?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUp_NoBotFrameworkSettings_TeamsIsOff()
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/messages", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
