using System.Net;

namespace ChangeBot.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_OnEmbeddedDefaults_Returns200()
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
