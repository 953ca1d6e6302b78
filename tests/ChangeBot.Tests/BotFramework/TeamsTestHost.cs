using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.BotFramework;

/// <summary>
/// The whole Teams path for one test: the real server (WebApplicationFactory) configured for Bot Framework,
/// a local OpenID/JWKS/token issuer and a Connector double on 127.0.0.1, and a recording conversation handler.
/// </summary>
internal sealed class TeamsTestHost : IAsyncDisposable
{
    private TeamsTestHost(TestBotIssuer issuer, ConnectorDouble connector, ChangeBotApp app)
    {
        Issuer = issuer;
        Connector = connector;
        App = app;
        Client = app.CreateClient();
    }

    public TestBotIssuer Issuer { get; }
    public ConnectorDouble Connector { get; }
    public ChangeBotApp App { get; }
    public HttpClient Client { get; }
    public RecordingConversationHandler Handler { get; } = new();

    public IChangeBotStore Store => App.Services.GetRequiredService<IChangeBotStore>();

    public string ServiceUrl => Connector.ServiceUrl;

    /// <summary>A SingleTenant bot in <see cref="TestBotIssuer.TenantId"/>, which also takes Entra ID tokens from the
    /// issuer's tenant metadata (its port is only known once it runs).</summary>
    public static Task<TeamsTestHost> StartSingleTenantAsync() =>
        StartAsync(issuer => new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppType"] = "SingleTenant",
            ["BotFramework:MicrosoftAppTenantId"] = TestBotIssuer.TenantId,
            ["BotFramework:EntraOpenIdMetadataUrl"] = issuer.EntraMetadataUrl.AbsoluteUri,
        });

    /// <param name="extraSettings">More settings, given the running issuer (whose port is only known now).</param>
    /// <param name="realHandler">Use the server's own conversation handler instead of the recording one.</param>
    /// <param name="services">More service registrations (e.g. a log capture).</param>
    public static async Task<TeamsTestHost> StartAsync(Func<TestBotIssuer, IDictionary<string, string?>>? extraSettings = null, bool realHandler = false,
        Action<IServiceCollection>? services = null)
    {
        var issuer = await TestBotIssuer.StartAsync();
        var connector = await ConnectorDouble.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppId"] = TestBotIssuer.AppId,
            ["BotFramework:MicrosoftAppPassword"] = TestBotIssuer.AppPassword,
            ["BotFramework:MicrosoftAppType"] = "MultiTenant",
            ["BotFramework:OpenIdMetadataUrl"] = issuer.MetadataUrl.AbsoluteUri,
            ["BotFramework:OAuthTokenEndpoint"] = issuer.TokenEndpoint.AbsoluteUri,
        };
        foreach (var (key, value) in extraSettings?.Invoke(issuer) ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        RecordingConversationHandler? handler = null;
        var app = new ChangeBotApp(settings)
        {
            ConfigureServices = registrations =>
            {
                if (!realHandler)
                {
                    registrations.AddSingleton<IConversationHandler>(_ => handler!);
                }

                services?.Invoke(registrations);
            },
        };
        var host = new TeamsTestHost(issuer, connector, app);
        handler = host.Handler;
        return host;
    }

    /// <summary>POSTs an activity to /api/messages with the given token (none when null).</summary>
    public Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token) => PostRawAsync(activity.ToJsonString(), token);

    public async Task<HttpResponseMessage> PostRawAsync(string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A valid channel token for this host's service URL.</summary>
    public string ValidToken() => Issuer.ChannelToken(ServiceUrl);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
