using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeBot.Core.CutOvers;
using ChangeBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Api;

/// <summary><c>GET /api/v1/notices/{id}/cutover</c> and the readiness report's cut-over line, through the real HTTP pipeline.</summary>
public sealed class CutOverApiTests
{
    private const string Sample = "api-sandbox-tls-certificate";
    private const string Endpoint = "https://apisandbox.zuora.com";
    private static readonly DateTimeOffset Live = new(2016, 12, 6, 15, 4, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CutOver_AfterLiveAndRollback_ReturnsTheObservationsAndTheReadinessLine()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        var store = app.Services.GetRequiredService<IChangeBotStore>();

        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/notices/{Sample}/cutover", Ct);
        Assert.Equal("not yet seen", before.GetProperty("status").GetString());
        Assert.Equal(0, before.GetProperty("observations").GetArrayLength());

        await store.TryAddCutOverAsync(new CutOverObservation(Sample, 1, Endpoint, CutOverState.Live, Live), Ct);
        using var readiness = await client.GetAsync($"/api/v1/notices/{Sample}/readiness", Ct);
        Assert.Equal("live since Tue 6 Dec 2016 15:04 UTC", Assert.Single(readiness.Headers.GetValues("ChangeBot-Cut-Over")));

        await store.TryAddCutOverAsync(new CutOverObservation(Sample, 2, Endpoint, CutOverState.RolledBack, Live.AddMinutes(40)), Ct);
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/v1/notices/{Sample}/cutover", Ct);

        Assert.True(after.GetProperty("watched").GetBoolean());
        Assert.Equal("rolled back at Tue 6 Dec 2016 15:44 UTC", after.GetProperty("status").GetString());
        var rows = after.GetProperty("observations").EnumerateArray().ToList();
        Assert.Equal(["live", "rolled-back"], rows.Select(r => r.GetProperty("state").GetString()));
        Assert.Equal([1, 2], rows.Select(r => r.GetProperty("sequence").GetInt32()));
        Assert.Equal(Endpoint, rows[0].GetProperty("endpoint").GetString());
        Assert.Equal(Live, rows[0].GetProperty("firstSeen").GetDateTimeOffset());
    }

    [Fact]
    public async Task CutOver_UnknownNoticeOrNoToken_Is404Or401()
    {
        await using var app = ApiClient.App();
        using var client = app.Authorized();
        using var anonymous = app.CreateClient();

        using var missing = await client.GetAsync("/api/v1/notices/no-such-notice/cutover", Ct);
        using var unauthenticated = await anonymous.GetAsync($"/api/v1/notices/{Sample}/cutover", Ct);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Theory]
    [InlineData("CutOver:Interval", "00:00:05")]
    [InlineData("CutOver:LeadTime", "-01:00:00")]
    [InlineData("CutOver:Trail", "30.00:00:00")]
    public void OutOfRangeSetting_StopsTheServerNamingIt(string key, string value)
    {
        using var app = ApiClient.App(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }
}
