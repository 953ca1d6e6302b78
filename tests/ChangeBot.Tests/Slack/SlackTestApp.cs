using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Storage;
using ChangeBot.Slack.WebApi;
using ChangeBot.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChangeBot.Tests.Slack;

/// <summary>
/// The real server with Slack on, pointed at a <see cref="SlackApiDouble"/>, with a recording
/// conversation handler; requests are signed the way Slack signs them.
/// </summary>
internal sealed class SlackTestApp : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string BotToken = "xoxb-default-token";

    private SlackTestApp(ChangeBotApp app, SlackApiDouble slack, RecordingConversationHandler handler)
    {
        App = app;
        Slack = slack;
        Handler = handler;
        Client = app.CreateClient();
    }

    public ChangeBotApp App { get; }
    public SlackApiDouble Slack { get; }
    public RecordingConversationHandler Handler { get; }
    public HttpClient Client { get; }

    public IChangeBotStore Store => App.Services.GetRequiredService<IChangeBotStore>();

    /// <param name="realHandler">Keep the product's conversation handler instead of the recording one.</param>
    /// <param name="services">More service registrations (e.g. a log capture).</param>
    public static async Task<SlackTestApp> StartAsync(Action<Dictionary<string, string?>>? settings = null, SlackClientTuning? tuning = null, bool realHandler = false,
        Action<IServiceCollection>? services = null)
    {
        var slack = await SlackApiDouble.StartAsync();
        var handler = new RecordingConversationHandler();
        var values = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:BotToken"] = BotToken,
            ["Slack:ClientId"] = "1111.2222",
            ["Slack:ClientSecret"] = "client-secret-for-tests",
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        settings?.Invoke(values);
        var app = new ChangeBotApp(values, registrations =>
        {
            if (!realHandler)
            {
                registrations.RemoveAll<IConversationHandler>();
                registrations.AddSingleton<IConversationHandler>(handler);
            }

            registrations.AddSingleton(tuning ?? FastTuning);
            services?.Invoke(registrations);
        });
        return new SlackTestApp(app, slack, handler);
    }

    /// <summary>Slack's real limits, with retry back-off shortened so tests stay quick.</summary>
    public static SlackClientTuning FastTuning { get; } = new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        PerChannelInterval = TimeSpan.FromMilliseconds(300),
    };

    public static string Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>Slack's v0 signature, written out here independently of the production code.</summary>
    public static string Sign(string secret, string timestamp, byte[] body)
    {
        var basestring = Encoding.UTF8.GetBytes($"v0:{timestamp}:").Concat(body).ToArray();
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), basestring));
    }

    public Task<HttpResponseMessage> PostAsync(string path, byte[] body, string contentType,
        string? timestamp = null, string? signature = null, bool signed = true)
    {
        var ts = timestamp ?? Now;
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (signed)
        {
            request.Headers.Add("X-Slack-Request-Timestamp", ts);
            request.Headers.Add("X-Slack-Signature", signature ?? Sign(SigningSecret, ts, body));
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostEventAsync(string json, string? timestamp = null) =>
        PostAsync("/slack/events", Encoding.UTF8.GetBytes(json), "application/json", timestamp);

    public Task<HttpResponseMessage> PostFormAsync(string path, string form) =>
        PostAsync(path, Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded");

    public Task<HttpResponseMessage> PostInteractionAsync(string payloadJson) =>
        PostFormAsync("/slack/interactions", "payload=" + Uri.EscapeDataString(payloadJson));

    public static string Payload(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Slack", "Payloads", name));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
