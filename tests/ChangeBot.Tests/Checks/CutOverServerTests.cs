using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Storage;
using ChangeBot.Jobs;
using ChangeBot.Testing.Checks;
using ChangeBot.Tests.Api;
using ChangeBot.Tests.Hosting;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChangeBot.Tests.Checks;

/// <summary>Cut-over detection as the server wires it: the minutely Hangfire job, the guard from <c>Checks</c>
/// settings, the store, and the REST report, against a TLS server on 127.0.0.1.</summary>
public sealed class CutOverServerTests
{
    [Fact]
    public async Task Server_RegistersTheMinutelyCutOverJob_WhichSeesTheAnnouncedChainGoLive()
    {
        var ct = TestContext.Current.CancellationToken;
        using var announced = new TestChain(TestKey.EcP256, name: "Announced");
        using var server = TestTlsServer.Start(announced.Leaf, [announced.Intermediate]);
        var time = TestClock.Fake();
        await using var app = new ChangeBotApp(new Dictionary<string, string?>
        {
            ["ChangeBot:ApiTokens"] = ApiClient.Token,
            ["Checks:AllowedNetworks"] = "127.0.0.0/8",
            ["Checks:AllowedPorts"] = server.Port.ToString(CultureInfo.InvariantCulture),
        }, services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(time);
        });
        using var client = app.Authorized(); // starts the host and its hosted services
        var now = time.GetUtcNow();
        await app.Services.GetRequiredService<IChangeBotStore>().ImportNoticesAsync([new Notice
        {
            Id = "ca-move",
            Title = "The endpoint moves to a new CA",
            State = NoticeState.Published,
            WindowStart = now.AddMinutes(20),
            WindowEnd = now.AddHours(1),
            Endpoints = [new NoticeEndpoint("API", $"localhost:{server.Port}", null)],
            Certificates = new AnnouncedChain(null, new CertificateRef(announced.Intermediate.Subject, announced.Intermediate.Sha256)),
            ContentHash = "h1",
        }], ct);

        using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == CutOverJob.JobId);
            Assert.Equal(Cron.Minutely(), job.Cron);
        }

        await app.Services.GetRequiredService<CutOverJob>().RunAsync(ct);

        var report = await client.GetFromJsonAsync<JsonElement>("/api/v1/notices/ca-move/cutover", ct);
        Assert.StartsWith("live since ", report.GetProperty("status").GetString(), StringComparison.Ordinal);
        Assert.Equal($"localhost:{server.Port}", report.GetProperty("observations")[0].GetProperty("endpoint").GetString());
        Assert.Equal(["localhost"], server.ServerNames);
    }
}
