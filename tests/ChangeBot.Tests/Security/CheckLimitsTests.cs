using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ChangeBot.Testing.Checks;
using ChangeBot.Tests.Api;

namespace ChangeBot.Tests.Security;

/// <summary>Check limits that do not depend on who the caller says it is: <c>Checks:MaxConcurrent</c> checks at
/// once over everyone, and <c>Checks:PerUserPerMinute</c> per caller, both settings honoured and validated.</summary>
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

    [Theory]
    [InlineData("Checks:MaxConcurrent", "0")]
    [InlineData("Checks:PerUserPerMinute", "0")]
    public void OutOfRangeLimit_StopsTheServerNamingTheSetting(string key, string value)
    {
        using var app = ApiClient.App(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }
}
