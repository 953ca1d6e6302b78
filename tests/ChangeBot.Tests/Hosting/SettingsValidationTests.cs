using ChangeBot.Core.Answers;
using ChangeBot.Core.Deliveries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChangeBot.Tests.Hosting;

/// <summary>Every settings section is bound and validated when the server starts: a present-but-wrong value
/// stops it with a message naming the setting; list settings take one comma-separated value or indexed children.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("ChangeBot:SupportChannels", "general", "ChangeBot:SupportChannels entry 'general'")]
    [InlineData("ChangeBot:SupportUsers", "U024BE7LH", "ChangeBot:SupportUsers entry 'U024BE7LH'")]
    [InlineData("Answers:MinConfidence", "1.5", "Answers:MinConfidence is '1.5'")]
    [InlineData("Answers:MinConfidence", "high", "Answers:MinConfidence is 'high'")]
    public void Startup_WrongSetting_FailsNamingIt(string key, string value, string expected)
    {
        using var app = new ChangeBotApp(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        Assert.Contains(expected, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SupportChannels_AsOneCommaSeparatedValue_AreWhereAlertsGo()
    {
        await using var app = new ChangeBotApp(new Dictionary<string, string?>
        {
            ["ChangeBot:SupportChannels"] = "slack:T1:C1, directline:local:support",
            ["Answers:MinConfidence"] = "0.5",
        });

        var options = app.Services.GetRequiredService<IOptions<ChangeBot.Hosting.ChangeBotOptions>>().Value;

        Assert.Equal(["slack:T1:C1", "directline:local:support"], options.SupportChannels);
        Assert.Equal(0.5, app.Services.GetRequiredService<AnswerOptions>().MinConfidence);
        Assert.NotNull(app.Services.GetRequiredService<SupportAlerts>());
    }
}
