using ChangeBot.Tests.Hosting;
using Microsoft.Extensions.Options;

namespace ChangeBot.Tests.SupportConsole;

/// <summary><c>Console:Providers</c> is validated at start-up like every other section: a wrong provider stops
/// the server with a message naming the setting.</summary>
public sealed class ConsoleSettingsTests
{
    [Theory]
    [InlineData("Slack", "Authority", "http://slack.com", "Console:Providers:Slack:Authority must be the provider's https issuer URL")]
    [InlineData("Slack", "Authority", "not a url", "Console:Providers:Slack:Authority must be the provider's https issuer URL")]
    [InlineData("Okta", "Authority", "https://example.okta.com", "Console:Providers:Okta:Platform is required")]
    [InlineData("Okta", "Platform", "directline", "Console:Providers:Okta:UserIdClaim is required for platform 'directline'")]
    [InlineData("Okta", "Platform", "Direct Line", "Console:Providers:Okta:Platform 'Direct Line' must be lower-case letters and digits")]
    [InlineData("bad_name", "Authority", "https://slack.com", "Console:Providers:bad_name: the provider name must be 1-32 letters")]
    public void Startup_WrongProvider_FailsNamingTheSetting(string provider, string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Console:Providers:{provider}:Authority"] = "https://example.okta.com",
            [$"Console:Providers:{provider}:ClientId"] = "client",
            [$"Console:Providers:{provider}:{key}"] = value,
        };
        using var app = new ChangeBotApp(settings);

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        Assert.Contains(expected, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_ProviderWithoutClientId_FailsNamingIt()
    {
        using var app = new ChangeBotApp(new Dictionary<string, string?> { ["Console:Providers:Slack:Authority"] = "https://slack.com" });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Console:Providers:Slack:ClientId is required", error.GetBaseException().Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Slack", null, null, "slack", "https://slack.com/user_id")]
    [InlineData("entra", null, null, "msteams", "oid")]
    [InlineData("Okta", "directline", "preferred_username", "directline", "preferred_username")]
    [InlineData("Slack", "slack", "sub", "slack", "sub")]
    public void Identity_DefaultsByProviderNameAndPlatform(string name, string? platform, string? claim, string expectedPlatform, string expectedClaim)
    {
        var identity = ChangeBot.SupportConsole.ConsoleIdentity.For(name, new() { Platform = platform, UserIdClaim = claim });

        Assert.Equal(expectedPlatform, identity.Platform);
        Assert.Equal(expectedClaim, identity.UserIdClaim);
    }
}
