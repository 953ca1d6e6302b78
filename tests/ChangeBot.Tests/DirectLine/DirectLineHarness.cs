using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Storage;
using ChangeBot.DirectLine;
using ChangeBot.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Tests.DirectLine;

/// <summary>
/// The real server pipeline with the conversation core, the store and the clock replaced, and the client
/// address chosen (loopback unless told), plus a small Direct Line client for the tests.
/// </summary>
internal sealed class DirectLineHarness : IAsyncDisposable
{
    public const string Secret = "test-directline-secret-0123456789";
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    /// <param name="realCore">Keep the server's own conversation core, store and clock (the shipped sample
    /// notice answers), instead of the fakes.</param>
    /// <param name="kestrel">Serve on a real socket (127.0.0.1, a free port) for browsers and Node clients;
    /// the client address is then the real one.</param>
    /// <param name="settings">More configuration (e.g. <c>ChangeBot:SupportUsers</c>).</param>
    /// <param name="services">More service registrations (e.g. a log capture).</param>
    public DirectLineHarness(string? secret = null, IPAddress? remote = null, bool realStore = false, bool kestrel = false, bool realCore = false,
        Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        settings = new Dictionary<string, string?>(settings ?? []);
        if (secret is not null)
        {
            settings["DirectLine:Secret"] = secret;
        }

        App = new ChangeBotApp(settings)
        {
            ConfigureServices = registrations =>
            {
                services?.Invoke(registrations);
                if (!realCore)
                {
                    registrations.RemoveAll<TimeProvider>();
                    registrations.AddSingleton<TimeProvider>(Time);
                    registrations.RemoveAll<IConversationHandler>();
                    registrations.AddSingleton<IConversationHandler>(Handler);
                }

                if (!realStore && !realCore)
                {
                    registrations.RemoveAll<IConversationStore>();
                    registrations.AddSingleton<IConversationStore>(Store);
                }

                if (!kestrel)
                {
                    registrations.AddSingleton<IStartupFilter>(new RemoteAddressStartupFilter(remote ?? IPAddress.Loopback));
                }
            },
        };
        if (kestrel)
        {
            App.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            App.StartServer();
            var address = App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            BaseUrl = new Uri(address);
            Client = new HttpClient { BaseAddress = BaseUrl };
        }
        else
        {
            Client = App.CreateClient();
            BaseUrl = Client.BaseAddress!;
        }
    }

    /// <summary>Where the server answers: http://localhost/ in memory, or the real loopback address.</summary>
    public Uri BaseUrl { get; }

    public ChangeBotApp App { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public RecordingConversationHandler Handler { get; } = new();

    public RecordingConversationStore Store { get; } = new();

    public DirectLineConversations Conversations => App.Services.GetRequiredService<DirectLineConversations>();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer, object? body = null)
    {
        var request = new HttpRequestMessage(method, "/v3/directline" + path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        return Client.SendAsync(request, Ct);
    }

    /// <summary>Starts a conversation as directlinejs does without credentials; returns (id, token).</summary>
    public async Task<(string Id, string Token)> StartAsync(string bearer = "undefined", object? body = null)
    {
        using var response = await SendAsync(HttpMethod.Post, "/conversations", bearer, body ?? new { user = new { } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await ReadJsonAsync(response);
        return (json["conversationId"]!.GetValue<string>(), json["token"]!.GetValue<string>());
    }

    public async Task<string> PostMessageAsync(string conversationId, string token, string text, string clientActivityId = "client-1", string? replyToId = null, string from = "u1")
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["from"] = new JsonObject { ["id"] = from, ["name"] = "Uma", ["role"] = "user" },
            ["text"] = text,
            ["locale"] = "en-US",
            ["localTimezone"] = "America/Los_Angeles",
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId },
        };
        if (replyToId is not null)
        {
            activity["replyToId"] = replyToId;
        }

        using var response = await SendAsync(HttpMethod.Post, $"/conversations/{conversationId}/activities", token, activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response))["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> GetActivitiesAsync(string conversationId, string token, string? watermark = null)
    {
        var query = watermark is null ? "" : "?watermark=" + watermark;
        using var response = await SendAsync(HttpMethod.Get, $"/conversations/{conversationId}/activities{query}", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    /// <summary>Polls until <paramref name="done"/> holds for the whole history, waiting on the server's
    /// append signal between polls (no sleeps); the bound only keeps a broken build from hanging.</summary>
    public async Task<JsonArray> WaitForActivitiesAsync(string conversationId, string token, Func<JsonArray, bool> done)
    {
        while (true)
        {
            var nextAppend = Conversations.Find(conversationId)!.After(long.MaxValue).NextAppend;
            var activities = (JsonArray)(await GetActivitiesAsync(conversationId, token))["activities"]!;
            if (done(activities))
            {
                return activities;
            }

            await nextAppend.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        }
    }

    public static Func<JsonArray, bool> BotActivities(int count) =>
        activities => activities.Count(a => a!["from"]!["role"]!.GetValue<string>() == "bot") >= count;

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        (JsonObject)(await JsonNode.ParseAsync(await response.Content.ReadAsStreamAsync(Ct), cancellationToken: Ct))!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
