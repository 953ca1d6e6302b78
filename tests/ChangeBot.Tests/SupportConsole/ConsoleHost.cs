using System.Net;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.Api;
using ChangeBot.Tests.Hosting;
using ChangeBot.Testing.SupportConsole;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>
/// The real server with the console configured against a <see cref="LoopbackOidcProvider"/> as three providers:
/// <c>Slack</c> and <c>Entra</c> (identity by their defaults) and <c>Corp</c> (a generic provider mapping its
/// <c>preferred_username</c> to <c>directline:</c> ids). Support is <see cref="Support"/>, <see cref="EntraSupport"/>
/// and <see cref="CorpSupport"/>; the shipped sample notice is loaded.
/// </summary>
internal sealed class ConsoleHost : IAsyncDisposable
{
    public const string Support = "U0SUPPORT";
    public const string Stranger = "U0STRANGER";
    public const string EntraSupport = "0f4b6c1e-3a5d-4e2f-9b8c-7d6e5f4a3b2c";
    public const string CorpSupport = "dl_alice";

    /// <summary>The shipped sample, loaded at start-up.</summary>
    public const string SampleNotice = "api-sandbox-tls-certificate";

    /// <summary>A second notice, for filters: another product and environment, a draft.</summary>
    public const string BillingNotice = """
        ---
        id: billing-window
        title: Billing database maintenance
        products: [billing]
        environments: [production]
        action_deadline: 2030-01-10T09:00:00Z
        ---
        The billing database is upgraded.
        """;

    private ConsoleHost(LoopbackOidcProvider provider, ChangeBotApp app, FakeTimeProvider? clock, CapturingLoggerProvider logs)
    {
        Provider = provider;
        App = app;
        Clock = clock;
        Logs = logs;
    }

    public LoopbackOidcProvider Provider { get; }

    public ChangeBotApp App { get; }

    /// <summary>The server's clock when the host was started with a fake one.</summary>
    public FakeTimeProvider? Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Set for a host on a real socket (browsers).</summary>
    public Uri? BaseUrl { get; private set; }

    public static async Task<ConsoleHost> StartAsync(bool fakeClock = false, bool kestrel = false, IDictionary<string, string?>? more = null)
    {
        var provider = await LoopbackOidcProvider.StartAsync();
        var clock = fakeClock ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        var logs = new CapturingLoggerProvider();
        var settings = new Dictionary<string, string?>
        {
            ["ChangeBot:ApiTokens"] = ApiClient.Token,
            ["ChangeBot:SupportUsers"] = $"slack:{Support},msteams:{EntraSupport},directline:{CorpSupport}",
        };
        foreach (var (name, extra) in new[] { ("Slack", ""), ("Entra", ""), ("Corp", "generic") })
        {
            settings[$"Console:Providers:{name}:Authority"] = provider.Authority;
            settings[$"Console:Providers:{name}:ClientId"] = LoopbackOidcProvider.ClientId;
            settings[$"Console:Providers:{name}:ClientSecret"] = LoopbackOidcProvider.ClientSecret;
            if (extra == "generic")
            {
                settings[$"Console:Providers:{name}:Platform"] = "directline";
                settings[$"Console:Providers:{name}:UserIdClaim"] = "preferred_username";
                settings[$"Console:Providers:{name}:DisplayName"] = "Corporate sign-in";
            }
        }

        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = new ChangeBotApp(settings, services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            if (clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            }
        });
        var host = new ConsoleHost(provider, app, clock, logs);
        if (kestrel)
        {
            app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            app.StartServer();
            host.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        }

        return host;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects.</summary>
    public HttpClient Browser() => App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in as <paramref name="userId"/> at the Slack provider.</summary>
    public async Task<HttpClient> SignedInAsync(string userId)
    {
        var client = Browser();
        Provider.NextUser = LoopbackOidcProvider.SlackUser(userId);
        (await ConsoleSignIn.SignInAsync(client)).Page.Dispose();
        return client;
    }

    /// <summary>The sample, broadcast to five Slack channels: two ready, one not affected, one needing help, one silent;
    /// and a draft billing notice that has gone nowhere.</summary>
    public async Task SeedReadinessAsync()
    {
        var store = App.Services.GetRequiredService<IChangeBotStore>();
        var catalog = App.Services.GetRequiredService<NoticeCatalog>();
        var imported = await catalog.ImportContentAsync(BillingNotice, "billing.md", new Actor("test", "cli"), TestContext.Current.CancellationToken);
        Assert.True(imported.Succeeded, string.Join("; ", imported.Errors));
        var notice = await store.GetNoticeAsync(ConsoleHost.SampleNotice, TestContext.Current.CancellationToken);
        // Its 2016 window is long over.
        Assert.Equal(NoticeState.Completed, notice!.State);
        var now = DateTimeOffset.UtcNow;
        var channels = Enumerable.Range(1, 5).Select(i => $"slack:T0TEST:C0{i}").ToList();
        await store.TryReserveDeliveriesAsync([.. channels.Select(c => new Delivery
        {
            NoticeId = ConsoleHost.SampleNotice, Revision = notice.Revision, ChannelKey = c, Kind = DeliveryKind.Broadcast,
            Status = DeliveryStatus.Sent, CreatedAt = now, SentAt = now,
        })], TestContext.Current.CancellationToken);
        AckAnswer[] answers = [AckAnswer.Ready, AckAnswer.Ready, AckAnswer.NotAffected, AckAnswer.NeedHelp];
        for (var i = 0; i < answers.Length; i++)
        {
            await store.AddAcknowledgementAsync(new Acknowledgement(ConsoleHost.SampleNotice, channels[i], answers[i], "slack:U0CUSTOMER", now), TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
