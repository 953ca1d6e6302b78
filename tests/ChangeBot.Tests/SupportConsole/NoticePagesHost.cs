using System.Net;
using System.Text.RegularExpressions;
using ChangeBot.Core.Storage;
using ChangeBot.Core.Subscriptions;
using ChangeBot.Slack.WebApi;
using ChangeBot.Tests.Hosting;
using ChangeBot.Testing.SupportConsole;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>
/// The real server with the console signed in through a <see cref="LoopbackOidcProvider"/> (as "Slack") and the
/// Slack adapter posting to a <see cref="SlackApiDouble"/> without pacing, so a broadcast to hundreds of channels
/// takes a moment. <see cref="Support"/> is on the support list.
/// </summary>
internal sealed partial class NoticePagesHost : IAsyncDisposable
{
    public const string Support = "U0SUPPORT";
    public const string Team = "T0CONSOLE";

    private NoticePagesHost(LoopbackOidcProvider provider, SlackApiDouble slack, ChangeBotApp app)
    {
        Provider = provider;
        Slack = slack;
        App = app;
    }

    public LoopbackOidcProvider Provider { get; }

    public SlackApiDouble Slack { get; }

    public ChangeBotApp App { get; }

    public IChangeBotStore Store => App.Services.GetRequiredService<IChangeBotStore>();

    /// <summary>Set for a host on a real socket (browsers).</summary>
    public Uri? BaseUrl { get; private set; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="sampleNotices">Load (and publish) the shipped sample notice at start-up.</param>
    /// <param name="configure">Runs after the app's registrations, to swap in fakes.</param>
    public static async Task<NoticePagesHost> StartAsync(bool sampleNotices = true, bool kestrel = false, Action<IServiceCollection>? configure = null)
    {
        var provider = await LoopbackOidcProvider.StartAsync();
        var slack = await SlackApiDouble.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ChangeBot:SupportUsers"] = "slack:" + Support,
            ["ChangeBot:SampleNotices"] = sampleNotices ? "true" : "false",
            ["Console:Providers:Slack:Authority"] = provider.Authority,
            ["Console:Providers:Slack:ClientId"] = LoopbackOidcProvider.ClientId,
            ["Console:Providers:Slack:ClientSecret"] = LoopbackOidcProvider.ClientSecret,
            ["Slack:SigningSecret"] = "console-pages-signing-secret",
            ["Slack:BotToken"] = "xoxb-console-pages-test",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = new ChangeBotApp(settings, services =>
        {
            services.AddSingleton(new SlackClientTuning
            {
                RetryBaseDelay = TimeSpan.FromMilliseconds(20),
                PerChannelInterval = TimeSpan.FromMilliseconds(10),
                WorkspacePostInterval = TimeSpan.Zero,
            });
            configure?.Invoke(services);
        });
        var host = new NoticePagesHost(provider, slack, app);
        if (kestrel)
        {
            app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            app.StartServer();
            host.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        }
        else
        {
            _ = app.Services;
        }

        return host;
    }

    /// <summary>A browser-like client signed in as <paramref name="userId"/>: keeps cookies, does not follow redirects.</summary>
    public async Task<HttpClient> SignedInAsync(string userId = Support)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Provider.NextUser = LoopbackOidcProvider.SlackUser(userId);
        (await ConsoleSignIn.SignInAsync(client)).Page.Dispose();
        return client;
    }

    /// <summary>Subscribes <paramref name="count"/> Slack channels to everything; returns their keys.</summary>
    public async Task<IReadOnlyList<string>> SubscribeChannelsAsync(int count)
    {
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var address = new ConversationAddress("slack", Team, $"C{i:00000}");
            await Store.UpsertSubscriptionAsync(new Subscription(address, [], "slack:U0SUBSCRIBER", DateTimeOffset.UtcNow), Ct);
            keys.Add(address.Key);
        }

        return keys;
    }

    /// <summary>GETs a console page (200 expected) and returns its HTML and the antiforgery token of its forms.</summary>
    public static async Task<(string Html, string Token)> PageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html}");
        return (html, ConsoleSignIn.AntiforgeryToken(html));
    }

    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string token, IDictionary<string, string> fields) =>
        client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }), Ct);

    /// <summary>The first text of an element with <paramref name="id"/>, decoded.</summary>
    public static string TextOf(string html, string id)
    {
        var match = Regex.Match(html, $"<(\\w+)[^>]*id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no element {id}");
        return WebUtility.HtmlDecode(StripTags().Replace(match.Groups[2].Value, "")).Trim();
    }

    /// <summary>Whether the form whose opening tag contains <paramref name="marker"/> carries its own antiforgery token.</summary>
    public static bool FormHasToken(string html, string marker)
    {
        var start = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no form with {marker}");
        var end = html.IndexOf("</form>", start, StringComparison.Ordinal);
        return html[start..end].Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal);
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex StripTags();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Slack.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
