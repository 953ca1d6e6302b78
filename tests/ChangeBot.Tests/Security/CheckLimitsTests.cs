using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ChangeBot.Hosting;
using ChangeBot.Testing.Checks;
using ChangeBot.Tests.Api;
using ChangeBot.Tests.DirectLine;

namespace ChangeBot.Tests.Security;

/// <summary>Check limits that do not depend on who the caller says it is: <c>Checks:MaxConcurrent</c> checks at
/// once over everyone, <c>Checks:PerUserPerMinute</c> per caller and <c>Checks:PerAddressPerMinute</c> per web chat
/// client address, all settings honoured and validated.</summary>
public sealed class CheckLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(int port, string perUser = "10", string maxConcurrent = "8") => new()
    {
        ["Checks:AllowedNetworks"] = "127.0.0.0/8",
        ["Checks:AllowedPorts"] = port.ToString(CultureInfo.InvariantCulture),
        ["Checks:PerUserPerMinute"] = perUser,
        ["Checks:MaxConcurrent"] = maxConcurrent,
    };

    [Fact]
    public async Task CheckBeyondMaxConcurrent_IsRefusedWhileTheOthersRun()
    {
        using var silent = TestListener.Silent();
        await using var app = ApiClient.App(Settings(silent.Port, maxConcurrent: "1"));
        using var client = app.Authorized();
        using var firstAbort = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = client.PostAsJsonAsync("/api/v1/checks", new { target = $"127.0.0.1:{silent.Port}" }, firstAbort.Token);
        await silent.Accepted.WaitAsync(Ct);
        using var second = await client.PostAsJsonAsync("/api/v1/checks", new { target = $"127.0.0.1:{silent.Port}" }, Ct);
        firstAbort.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Contains("running already", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerUserPerMinuteSetting_IsTheCallersLimit()
    {
        using var plain = TestListener.PlainText();
        await using var app = ApiClient.App(Settings(plain.Port, perUser: "1"));
        using var client = app.Authorized();

        using var first = await client.PostAsJsonAsync("/api/v1/checks", new { target = $"127.0.0.1:{plain.Port}" }, Ct);
        using var second = await client.PostAsJsonAsync("/api/v1/checks", new { target = $"127.0.0.1:{plain.Port}" }, Ct);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    /// <summary>A web chat visitor's user id is assigned per conversation, so opening one conversation per check would
    /// bypass the per-user limit; the client address is counted across them.</summary>
    [Fact]
    public async Task WebChatChecksFromOneAddress_AcrossConversations_StopAtThePerAddressLimit()
    {
        using var plain = TestListener.PlainText();
        var settings = Settings(plain.Port, perUser: "1");
        settings["Checks:PerAddressPerMinute"] = "3";
        await using var host = new DirectLineHarness(realCore: true, settings: settings);

        var replies = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var (id, token) = await host.StartAsync();
            await host.PostMessageAsync(id, token, $"check 127.0.0.1:{plain.Port}");
            var activities = await host.WaitForActivitiesAsync(id, token, DirectLineHarness.BotActivities(1));
            replies.Add(activities.Last(a => a!["from"]!["role"]!.GetValue<string>() == "bot")!["text"]!.GetValue<string>());
        }

        Assert.All(replies.Take(3), r => Assert.DoesNotContain("recently", r, StringComparison.Ordinal));
        Assert.Contains("3 checks were run from your network address recently", replies[3], StringComparison.Ordinal);
    }

    [Fact]
    public void PerAddressPerMinute_DefaultsToTwenty()
    {
        Assert.Equal(20, new ChecksSettings().ToOptions().ChecksPerAddress);
    }

    [Theory]
    [InlineData("Checks:PerAddressPerMinute", "0")]
    [InlineData("Checks:MaxConcurrent", "0")]
    [InlineData("Checks:PerUserPerMinute", "0")]
    public void OutOfRangeLimit_StopsTheServerNamingTheSetting(string key, string value)
    {
        using var app = ApiClient.App(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }
}
