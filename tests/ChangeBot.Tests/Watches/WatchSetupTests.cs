using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Watches;
using ChangeBot.Tests.Api;
using ChangeBot.Tests.Hosting;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChangeBot.Tests.Watches;

/// <summary>How the server sets watches up: its settings (validated at start), its recurring jobs, and the
/// support listing <c>GET /api/v1/watches</c>.</summary>
public sealed class WatchSetupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Watch:MaxPerChannel", "0", "Watch:MaxPerChannel is 0")]
    [InlineData("Watch:Thresholds", "30,x", "Watch:Thresholds entry 'x'")]
    [InlineData("Watch:Thresholds", "400", "Watch:Thresholds entry '400'")]
    public void Startup_WrongWatchSetting_FailsNamingIt(string key, string value, string expected)
    {
        using var app = new ChangeBotApp(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        Assert.Contains(expected, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_RegistersTheDailyRunAndTheMinutelyResume_WithTheConfiguredThresholds()
    {
        await using var app = new ChangeBotApp(new Dictionary<string, string?> { ["Watch:Thresholds"] = "7, 60,7", ["Watch:MaxPerChannel"] = "5" });
        using var client = app.CreateClient(); // starts the host and its hosted services

        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var jobs = connection.GetRecurringJobs();
            Assert.Equal(Cron.Daily(), Assert.Single(jobs, j => j.Id == WatchRunner.JobId).Cron);
            Assert.Equal(Cron.Minutely(), Assert.Single(jobs, j => j.Id == WatchRunner.ResumeJobId).Cron);
        }

        var options = app.Services.GetRequiredService<WatchOptions>();
        Assert.Equal([60, 7], options.Thresholds);
        Assert.Equal(5, options.MaxPerChannel);
    }

    [Fact]
    public async Task WatchesApi_ListsEveryWatchAPageAtATime_AndRefusesAnUnboundedPage()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var store = app.Services.GetRequiredService<IChangeBotStore>();
        foreach (var (id, channel) in new[] { ("w1", "slack:T1:C1"), ("w2", "msteams:t:19:x@thread.tacv2"), ("w3", "slack:T1:C2") })
        {
            await store.AddWatchAsync(new Watch
            {
                Id = id, ChannelKey = channel, Endpoint = "api.example.com:443", Store = "java", CreatedBy = "slack:U1", CreatedAt = DateTimeOffset.UnixEpoch,
                State = new WatchState { Summary = "ok, expires 2027-01-01 (in 30 days), verifies in the java store" },
            }, 50, Ct);
        }

        var first = await client.GetFromJsonAsync<JsonObject>("/api/v1/watches?limit=2", Ct);
        var second = await client.GetFromJsonAsync<JsonObject>($"/api/v1/watches?limit=2&after={(string?)first!["next"]}", Ct);
        using var unbounded = await client.GetAsync("/api/v1/watches?limit=100000", Ct);

        Assert.Equal(["w1", "w2"], first!["watches"]!.AsArray().Select(w => (string?)w!["id"]));
        Assert.Equal("slack:T1:C1", (string?)first["watches"]![0]!["channel"]);
        Assert.Equal("ok, expires 2027-01-01 (in 30 days), verifies in the java store", (string?)first["watches"]![0]!["lastResult"]);
        Assert.Equal(["w3"], second!["watches"]!.AsArray().Select(w => (string?)w!["id"]));
        Assert.Null((string?)second["next"]);
        Assert.Equal(HttpStatusCode.BadRequest, unbounded.StatusCode);
        Assert.Contains("limit must be from 1 to 500", await unbounded.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
