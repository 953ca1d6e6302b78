using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Storage;
using ChangeBot.Tests.BotFramework;
using ChangeBot.Tests.Hosting;
using ChangeBot.Tests.Slack;
using ChangeBot.Turns;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ChangeBot.Tests.Security;

/// <summary>Measures the process's managed heap, so nothing else may run beside it.</summary>
[CollectionDefinition(nameof(InboundFuzz), DisableParallelization = true)]
public sealed class InboundFuzz;

/// <summary>
/// Issue 14: 1,000 random and mutated bodies (truncated JSON, huge strings, deep nesting, wrong types,
/// invalid UTF-8) to every inbound endpoint, each correctly authenticated, so the body itself is what is
/// tested. None may get a 5xx or log an unhandled exception, the heap must come back to within 20% of its
/// start, and notices, subscriptions and the audit log must be unchanged. The seed is fixed: a failure
/// names the case that reproduces it. Which endpoints take a body is read from the server's own routing, so a
/// new one that is not fuzzed here fails <see cref="EveryEndpointTakingABody_IsFuzzed"/>.
/// </summary>
[Collection(nameof(InboundFuzz))]
public sealed class InboundFuzzTests
{
    private const int Seed = 20261207;
    private const int Cases = 1000;
    private const string DirectLineSecret = "fuzz-directline-secret-0123456789";
    private const string ApiToken = "fuzz-api-token-0123456789abcdef";

    /// <summary>Hangfire maps its dashboard as one catch-all endpoint for every method.</summary>
    private const string HangfireRoute = "/hangfire/{**path}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="Route">the route pattern <paramref name="Path"/> reaches, as the server maps it.</param>
    private sealed record Target(string Name, HttpMethod Method, string Path, string Route, string ContentType, byte[] Base, Func<byte[], HttpRequestMessage, Task> Authorize);

    /// <summary>Every mapped endpoint that accepts a method with a body (POST, PUT, PATCH, or any method) is one of
    /// the targets: the routing table is the list, not this file.</summary>
    [Fact]
    public async Task EveryEndpointTakingABody_IsFuzzed()
    {
        await using var app = new ChangeBotApp(Settings(new Uri("http://127.0.0.1:9/metadata"), new Uri("http://127.0.0.1:9/token"), "http://127.0.0.1:9/api/"));
        using var client = app.CreateClient();
        string[] bodyMethods = ["POST", "PUT", "PATCH"];
        var mapped = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
                || methods.HttpMethods.Any(m => bodyMethods.Contains(m, StringComparer.OrdinalIgnoreCase)))
            .Select(e => Normalize(e.RoutePattern.RawText ?? ""))
            .Where(route => !IsConsoleRoute(route))
            .ToHashSet(StringComparer.Ordinal);
        var fuzzed = Targets("http://127.0.0.1:9/", "c", "t", "t").Select(t => Normalize(t.Route)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(mapped.Except(fuzzed));
        Assert.Empty(fuzzed.Except(mapped));
    }

    private static string Normalize(string route) => "/" + route.Trim('/');

    /// <summary>The console's pages take forms only from a signed-in browser with an antiforgery token:
    /// <see cref="ConsoleFuzzTests"/> fuzzes them that way and checks it covers every one of them.</summary>
    internal static bool IsConsoleRoute(string route) =>
        route == "/console" || route.StartsWith("/console/", StringComparison.Ordinal);

    private static Dictionary<string, string?> Settings(Uri metadata, Uri tokenEndpoint, string slackApi) => new()
    {
        ["Slack:SigningSecret"] = SlackTestApp.SigningSecret,
        ["Slack:BotToken"] = SlackTestApp.BotToken,
        ["Slack:ApiBaseUrl"] = slackApi,
        ["BotFramework:MicrosoftAppId"] = TestBotIssuer.AppId,
        ["BotFramework:MicrosoftAppPassword"] = TestBotIssuer.AppPassword,
        ["BotFramework:MicrosoftAppType"] = "MultiTenant",
        ["BotFramework:OpenIdMetadataUrl"] = metadata.AbsoluteUri,
        ["BotFramework:OAuthTokenEndpoint"] = tokenEndpoint.AbsoluteUri,
        ["DirectLine:Secret"] = DirectLineSecret,
        ["ChangeBot:ApiTokens"] = ApiToken,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    [Fact]
    public async Task MutatedBodies_ToEveryInboundEndpoint_NeitherFailNorLeakNorChangeTheStore()
    {
        await using var issuer = await TestBotIssuer.StartAsync();
        await using var connector = await ConnectorDouble.StartAsync();
        await using var slack = await SlackApiDouble.StartAsync();
        var log = new ErrorLog();
        await using var app = new ChangeBotApp(Settings(issuer.MetadataUrl, issuer.TokenEndpoint, slack.ApiBaseUrl), services =>
        {
            // Chat text stops at the endpoints' parsing: the core is not under test, and the store must not move.
            services.RemoveAll<IConversationHandler>();
            services.AddSingleton<IConversationHandler>(new ChangeBot.Testing.Conversations.RecordingConversationHandler());
            services.AddSingleton<ILoggerProvider>(log);
        });
        using var client = app.CreateClient();
        var store = app.Services.GetRequiredService<IChangeBotStore>();
        var (conversation, directLineToken) = await StartDirectLineAsync(client);
        var teamsToken = issuer.ChannelToken(connector.ServiceUrl);
        var targets = Targets(connector.ServiceUrl, conversation, directLineToken, teamsToken);
        var random = new Random(Seed);

        // One round of the unmutated bodies warms every path (JIT, caches, key ring) before the baseline.
        foreach (var target in targets)
        {
            (await SendAsync(client, target, target.Base)).Dispose();
        }

        // A first flood fills every bounded cache (web chat history and conversations per address, rate-limit
        // partitions, event de-duplication) to its cap; the heap is then measured around a second flood of the
        // same size, so what it catches is growth without a bound, not caches reaching theirs.
        var failures = new List<string>();
        await FloodAsync(client, targets, random, failures);
        await app.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);
        var storeBefore = await SnapshotAsync(store);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        await FloodAsync(client, targets, random, failures);
        await app.Services.GetRequiredService<TurnQueue>().WhenIdleAsync(Ct);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

        Assert.True(failures.Count == 0, $"{failures.Count} failures; the first: {failures.FirstOrDefault()}");
        Assert.Empty(log.Errors);
        Assert.True(heapAfter <= heapBefore * 1.2, $"heap grew from {heapBefore:N0} to {heapAfter:N0} bytes");
        Assert.Equal(storeBefore, await SnapshotAsync(store));
    }

    private static async Task FloodAsync(HttpClient client, IReadOnlyList<Target> targets, Random random, List<string> failures)
    {
        for (var i = 0; i < Cases; i++)
        {
            var target = targets[i % targets.Count];
            var (kind, body) = Mutate(random, target.Base);
            try
            {
                using var response = await SendAsync(client, target, body);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"case {i} ({kind}) to {target.Name}: {(int)response.StatusCode}");
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The in-memory server hands an unhandled exception to the client instead of a 500.
                failures.Add($"case {i} ({kind}) to {target.Name}: {e}");
            }
        }
    }

    private static List<Target> Targets(string serviceUrl, string conversation, string directLineToken, string teamsToken)
    {
        Func<byte[], HttpRequestMessage, Task> slackSigned = (body, request) =>
        {
            var ts = SlackTestApp.Now;
            request.Headers.Add("X-Slack-Request-Timestamp", ts);
            request.Headers.Add("X-Slack-Signature", SlackTestApp.Sign(SlackTestApp.SigningSecret, ts, body));
            return Task.CompletedTask;
        };
        Func<byte[], HttpRequestMessage, Task> Bearer(string token) => (_, request) =>
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return Task.CompletedTask;
        };
        var command = SlackTestApp.Payload("command.txt").Replace("RESPONSE_URL", Uri.EscapeDataString("http://127.0.0.1:9/hooks/fuzz"), StringComparison.Ordinal);
        var interaction = "payload=" + Uri.EscapeDataString(SlackTestApp.Payload("block_actions.json"));
        var activity = TeamsActivities.PersonalMessage(serviceUrl, "what changed for api-sandbox?").ToJsonString();
        var directLine = """{"type":"message","from":{"id":"visitor"},"text":"does the Salesforce connector need changes?","channelData":{"clientActivityID":"c1"}}""";
        var notice = "---\nid: fuzz-notice\ntitle: Fuzz\nsummary: [unterminated\n---\nbody\n";
        var api = Bearer(ApiToken);
        var dl = Bearer(directLineToken);
        var dashboard = Basic("ops", ApiToken);
        return
        [
            new("slack events", HttpMethod.Post, "/slack/events", "/slack/events", "application/json", Encoding.UTF8.GetBytes(SlackTestApp.Payload("app_mention.json")), slackSigned),
            new("slack commands", HttpMethod.Post, "/slack/commands", "/slack/commands", "application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(command), slackSigned),
            new("slack interactions", HttpMethod.Post, "/slack/interactions", "/slack/interactions", "application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(interaction), slackSigned),
            new("bot framework", HttpMethod.Post, "/api/messages", "/api/messages", "application/json", Encoding.UTF8.GetBytes(activity), Bearer(teamsToken)),
            new("direct line activity", HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities", "/v3/directline/conversations/{conversationId}/activities",
                "application/json", Encoding.UTF8.GetBytes(directLine), dl),
            new("direct line upload", HttpMethod.Post, $"/v3/directline/conversations/{conversation}/upload", "/v3/directline/conversations/{conversationId}/upload",
                "application/json", Encoding.UTF8.GetBytes(directLine), dl),
            new("direct line start", HttpMethod.Post, "/v3/directline/conversations", "/v3/directline/conversations", "application/json", """{"user":{"id":"visitor"}}"""u8.ToArray(), dl),
            new("direct line refresh", HttpMethod.Post, "/v3/directline/tokens/refresh", "/v3/directline/tokens/refresh", "application/json", "{}"u8.ToArray(), dl),
            new("direct line token", HttpMethod.Post, "/v3/directline/tokens/generate", "/v3/directline/tokens/generate", "application/json",
                """{"user":{"id":"dl_fuzz","name":"Fuzz"}}"""u8.ToArray(), Bearer(DirectLineSecret)),
            new("notice import", HttpMethod.Post, "/api/v1/notices", "/api/v1/notices", "text/markdown", Encoding.UTF8.GetBytes(notice), api),
            new("notice publish", HttpMethod.Post, "/api/v1/notices/fuzz-missing/publish", "/api/v1/notices/{id}/publish", "application/json", "{}"u8.ToArray(), api),
            new("notice update", HttpMethod.Post, "/api/v1/notices/fuzz-missing/update", "/api/v1/notices/{id}/update", "application/json", """{"text":"moved","actor":"fuzz"}"""u8.ToArray(), api),
            new("notice reschedule", HttpMethod.Post, "/api/v1/notices/fuzz-missing/reschedule", "/api/v1/notices/{id}/reschedule", "application/json",
                """{"start":"2027-01-01T00:00:00Z","end":"2027-01-01T01:00:00Z"}"""u8.ToArray(), api),
            new("notice cancel", HttpMethod.Post, "/api/v1/notices/fuzz-missing/cancel", "/api/v1/notices/{id}/cancel", "application/json", "{}"u8.ToArray(), api),
            // A loopback target the guard refuses without connecting (mutations stay on this machine or fail to parse).
            new("check", HttpMethod.Post, "/api/v1/checks", "/api/v1/checks", "application/json", """{"target":"127.0.0.1:9","notice":"fuzz-missing"}"""u8.ToArray(), api),
            // Health checks answer any method; a body must not matter to them either.
            new("health", HttpMethod.Post, "/healthz", "/healthz", "application/json", "{}"u8.ToArray(), (_, _) => Task.CompletedTask),
            new("readiness", HttpMethod.Post, "/readyz", "/readyz", "application/json", "{}"u8.ToArray(), (_, _) => Task.CompletedTask),
            new("dashboard command", HttpMethod.Post, "/hangfire/recurring/trigger", HangfireRoute, "application/x-www-form-urlencoded", "jobs%5B%5D=changebot-sweep"u8.ToArray(), dashboard),
        ];
    }

    private static Func<byte[], HttpRequestMessage, Task> Basic(string user, string password) => (_, request) =>
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        return Task.CompletedTask;
    };

    private static async Task<(string Conversation, string Token)> StartDirectLineAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations")
        {
            Content = new StringContent("""{"user":{"id":"dl_fuzz"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineSecret);
        using var response = await client.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        return (json["conversationId"]!.GetValue<string>(), json["token"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Target target, byte[] body)
    {
        using var request = new HttpRequestMessage(target.Method, target.Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(target.ContentType);
        await target.Authorize(body, request);
        return await client.SendAsync(request, Ct);
    }

    /// <summary>One mutation of <paramref name="body"/>, chosen and shaped by <paramref name="random"/> alone.</summary>
    private static (string Kind, byte[] Body) Mutate(Random random, byte[] body)
    {
        switch (random.Next(8))
        {
            case 0:
                return ("truncated", body[..random.Next(body.Length)]);
            case 1:
            {
                var flipped = (byte[])body.Clone();
                for (var n = random.Next(1, 9); n > 0; n--)
                {
                    flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                }

                return ("bytes changed", flipped);
            }

            case 2:
            {
                var at = random.Next(body.Length);
                var huge = Encoding.UTF8.GetBytes(new string((char)random.Next('a', 'z' + 1), random.Next(10_000, 300_000)));
                return ("huge string", [.. body[..at], .. huge, .. body[at..]]);
            }

            case 3:
            {
                var depth = random.Next(100, 20_000);
                var (open, close) = random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
                return ("deep nesting", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth))));
            }

            case 4:
                return ("wrong types", WrongTypes(random, body));
            case 5:
            {
                var at = random.Next(body.Length);
                byte[][] invalid = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];
                return ("invalid UTF-8", [.. body[..at], .. invalid[random.Next(invalid.Length)], .. body[at..]]);
            }

            case 6:
            {
                var noise = new byte[random.Next(1, 4096)];
                random.NextBytes(noise);
                return ("random bytes", noise);
            }

            default:
                return ("empty", []);
        }
    }

    /// <summary>The body's JSON (or a form's <c>payload</c>) with values swapped for other JSON types.</summary>
    private static byte[] WrongTypes(Random random, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var isForm = text.StartsWith("payload=", StringComparison.Ordinal);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(isForm ? Uri.UnescapeDataString(text["payload=".Length..]) : text);
        }
        catch (JsonException)
        {
            node = null;
        }

        if (node is null)
        {
            // A form or a notice: replace every value with a JSON-ish one.
            return Encoding.UTF8.GetBytes(string.Join('&', text.Split('&').Select(p => p.Split('=')[0] + "=" + Uri.EscapeDataString(Replacement(random)?.ToJsonString() ?? "null"))));
        }

        Swap(random, node);
        var json = node.ToJsonString();
        return Encoding.UTF8.GetBytes(isForm ? "payload=" + Uri.EscapeDataString(json) : json);
    }

    private static void Swap(Random random, JsonNode node)
    {
        if (node is JsonObject o)
        {
            foreach (var key in o.Select(p => p.Key).ToList())
            {
                if (random.Next(3) == 0)
                {
                    o[key] = Replacement(random);
                }
                else if (o[key] is { } child)
                {
                    Swap(random, child);
                }
            }
        }
        else if (node is JsonArray a)
        {
            for (var i = 0; i < a.Count; i++)
            {
                if (random.Next(3) == 0)
                {
                    a[i] = Replacement(random);
                }
            }
        }
    }

    private static JsonNode? Replacement(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        2 => JsonValue.Create(random.NextDouble() * 1e300),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => new JsonArray(JsonValue.Create("x"), JsonValue.Create(1)),
        5 => new JsonObject { ["nested"] = new JsonObject { ["id"] = 1 } },
        _ => JsonValue.Create(new string('\u0000', random.Next(1, 64)) + "\ud83d"),
    };

    /// <summary>Notices, subscriptions and the audit log, as JSON text.</summary>
    private static async Task<string> SnapshotAsync(IChangeBotStore store) =>
        JsonSerializer.Serialize(new
        {
            notices = await store.ListNoticesAsync(Ct),
            subscriptions = await store.ListSubscriptionsAsync(ct: Ct),
            audit = await store.ListAuditAsync(10_000, Ct),
        });

    /// <summary>Every log entry at Error or above, and every entry carrying an exception.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

        public IReadOnlyList<string> Errors => [.. _errors];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _errors);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error || exception is not null)
                {
                    errors.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
                }
            }
        }
    }
}
