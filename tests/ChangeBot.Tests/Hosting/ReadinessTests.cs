using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChangeBot.Core.Storage;
using ChangeBot.Storage.LiteDb;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.Hosting;

public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_OnEmbeddedDefaults_Returns200WithStoreAndJobStorageReachable()
    {
        await using var app = new ChangeBotApp();
        using var client = app.CreateClient();

        var response = await client.GetAsync("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(body.GetProperty("store").GetBoolean());
        Assert.True(body.GetProperty("jobStorage").GetBoolean());
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, LiteDbChangeBotStore.FileName)));
    }

    [Fact]
    public async Task Storage_EveryPort_ResolvesToTheOneStore()
    {
        await using var app = new ChangeBotApp();
        var services = app.Services;

        var store = services.GetRequiredService<IChangeBotStore>();

        Assert.IsType<LiteDbChangeBotStore>(store);
        Assert.Same(store, services.GetRequiredService<INoticeStore>());
        Assert.Same(store, services.GetRequiredService<ISubscriptionStore>());
        Assert.Same(store, services.GetRequiredService<IConversationStore>());
        Assert.Same(store, services.GetRequiredService<IUnansweredStore>());
        Assert.Same(store, services.GetRequiredService<IProcessedEventStore>());
        Assert.Same(store, services.GetRequiredService<IAuditLog>());
        Assert.Same(store, services.GetRequiredService<IChannelCheckStore>());
        Assert.Same(store, services.GetRequiredService<IScheduledJobStore>());
    }

    [Fact]
    public async Task Start_DataDirectoryHeldByAnotherProcess_FailsNamingTheStoreFile()
    {
        await using var app = new ChangeBotApp();
        var path = Path.Combine(app.DataDirectory, LiteDbChangeBotStore.FileName);
        using var holder = new LiteDbChangeBotStore(path);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(path, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("in use", error.ToString(), StringComparison.Ordinal);
    }
}
