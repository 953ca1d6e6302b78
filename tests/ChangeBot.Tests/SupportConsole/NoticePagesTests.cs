using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChangeBot.Core.Acknowledgements;
using ChangeBot.Core.Checks;
using ChangeBot.Core.Deliveries;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Core.Unanswered;
using ChangeBot.DirectLine;
using ChangeBot.SupportConsole;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>The console's notice pages through the real HTTP pipeline, signed in through OpenID Connect.</summary>
[Collection(nameof(NoticePagesTests))]
public sealed class NoticePagesTests
{
    private const string SampleId = "api-sandbox-tls-certificate";
    private const string Broken = "---\nid: broken-notice\ntitle: Broken\nseverity: catastrophic\n---\n\n## What\n\nText.\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Pasted(string id) => ConsoleModelTests.PastableSample().Replace($"id: {SampleId}", $"id: {id}", StringComparison.Ordinal);

    [Fact]
    public async Task Editor_BrokenNotice_IsNotStored_AndTheErrorStaysOnItsLineWithTheText()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false);
        using var client = await host.SignedInAsync();
        var (editor, token) = await NoticePagesHost.PageAsync(client, "/console/notices/new");
        Assert.True(NoticePagesHost.FormHasToken(editor, "id=\"notice-editor\""));

        using var response = await NoticePagesHost.PostFormAsync(client, "/console/notices/new?handler=save", token, new Dictionary<string, string> { ["text"] = Broken });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<li data-line=\"4\">", html, StringComparison.Ordinal);
        Assert.Contains("<code class=\"source-line\">severity: catastrophic</code>", html, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", html, StringComparison.Ordinal);
        Assert.Equal(Broken, NoticePagesHost.TextOf(html, "notice-text") + "\n"); // the text, kept
        Assert.Empty(await host.Store.ListNoticesAsync(Ct));
        Assert.DoesNotContain(await host.Store.ListAuditAsync(10, Ct), a => a.Action == "import");
    }

    [Fact]
    public async Task Editor_Validate_AnswersTheImportersErrorsAsJson_OnlyWithTheAntiforgeryToken()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false);
        using var client = await host.SignedInAsync();
        var (_, token) = await NoticePagesHost.PageAsync(client, "/console/notices/new");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/console/notices/new?handler=validate")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = Broken }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        using var checkedText = await client.SendAsync(request, Ct);
        using var forged = await client.PostAsync("/console/notices/new?handler=validate", new FormUrlEncodedContent(new Dictionary<string, string> { ["text"] = Broken }), Ct);

        Assert.Equal(HttpStatusCode.OK, checkedText.StatusCode);
        var json = (await checkedText.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.False(json["valid"]!.GetValue<bool>());
        Assert.Equal(4, json["errors"]![0]!["line"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    /// <summary>A pasted notice has no folder and the server reads no file a form names: the error says so and what to
    /// do instead, on the bundle line.</summary>
    [Fact]
    public async Task Editor_NoticeNamingABundleFile_SaysWhyItCannotBeReadAndWhatToDoInstead()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false);
        using var client = await host.SignedInAsync();
        var (_, token) = await NoticePagesHost.PageAsync(client, "/console/notices/new");
        var text = Pasted("bundled").Replace("certificates:\n", "certificates:\n  bundle: new-chain.pem\n", StringComparison.Ordinal);
        Assert.Contains("bundle: new-chain.pem", text, StringComparison.Ordinal);

        using var response = await NoticePagesHost.PostFormAsync(client, "/console/notices/new?handler=save", token, new Dictionary<string, string> { ["text"] = text });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("bundle 'new-chain.pem' cannot be read here: a notice pasted in the console (or sent to the REST API) has no folder", html, StringComparison.Ordinal);
        Assert.Contains("changebot notices import", html, StringComparison.Ordinal);
        Assert.Empty(await host.Store.ListNoticesAsync(Ct));
    }

    /// <summary>The shipped sample was imported from its folder with its bundle file: an edit that still names that
    /// file keeps the bundle the server read then (nothing is read now); naming another file is the error above.</summary>
    [Fact]
    public async Task Editor_EditOfANoticeWithABundle_KeepsTheStoredBundle_ButReadsNoOtherFile()
    {
        await using var host = await NoticePagesHost.StartAsync();
        using var client = await host.SignedInAsync();
        var before = (await host.Store.GetNoticeAsync(SampleId, Ct))!;
        Assert.NotNull(before.Certificates?.BundlePem);
        var (edit, token) = await NoticePagesHost.PageAsync(client, $"/console/notices/{SampleId}/edit");
        var text = NoticePagesHost.TextOf(edit, "notice-text");
        Assert.Contains("bundle: apisb-fullrootchain-new.pem", text, StringComparison.Ordinal);

        using var renamed = await NoticePagesHost.PostFormAsync(client, $"/console/notices/{SampleId}/edit?handler=save", token, new Dictionary<string, string>
        {
            ["text"] = text.Replace("bundle: apisb-fullrootchain-new.pem", "bundle: ../../../etc/ssl/certs/ca-certificates.crt", StringComparison.Ordinal),
            ["revision"] = before.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var saved = await NoticePagesHost.PostFormAsync(client, $"/console/notices/{SampleId}/edit?handler=save", token, new Dictionary<string, string>
        {
            ["text"] = text.Replace("downtime: none", "downtime: partial", StringComparison.Ordinal),
            ["revision"] = before.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, renamed.StatusCode);
        Assert.Contains("has no folder", WebUtility.HtmlDecode(await renamed.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = (await host.Store.GetNoticeAsync(SampleId, Ct))!;
        Assert.Equal(before.Revision + 1, after.Revision);
        Assert.Equal(Downtime.Partial, after.Downtime);
        Assert.Equal(before.Certificates!.BundlePem, after.Certificates?.BundlePem);
    }

    [Fact]
    public async Task Editor_SavePastedNotice_StoresADraftAsTheConsoleUser_AndAStaleEditIsAConflict()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false);
        using var client = await host.SignedInAsync();
        var (_, token) = await NoticePagesHost.PageAsync(client, "/console/notices/new");
        using var saved = await NoticePagesHost.PostFormAsync(client, "/console/notices/new?handler=save", token, new Dictionary<string, string> { ["text"] = Pasted("console-draft") });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/console/notices/console-draft", saved.Headers.Location!.OriginalString);
        var draft = (await host.Store.GetNoticeAsync("console-draft", Ct))!;
        Assert.Equal((NoticeState.Draft, 1), (draft.State, draft.Revision));
        var import = Assert.Single(await host.Store.ListAuditAsync(10, Ct), a => a.Action == "import");
        Assert.Equal(("slack:" + NoticePagesHost.Support, "console"), (import.Actor, import.Surface));

        var (edit, editToken) = await NoticePagesHost.PageAsync(client, "/console/notices/console-draft/edit");
        Assert.Contains("name=\"revision\" value=\"1\"", edit, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode("id: console-draft"), edit, StringComparison.Ordinal); // starts from its source
        // Someone else saves a change meanwhile.
        var catalog = host.App.Services.GetRequiredService<NoticeCatalog>();
        await catalog.ImportContentAsync(Pasted("console-draft").Replace("downtime: none", "downtime: partial", StringComparison.Ordinal), "other.md", new Actor("slack:U0OTHER", "slack"), Ct);
        using var stale = await NoticePagesHost.PostFormAsync(client, "/console/notices/console-draft/edit?handler=save", editToken, new Dictionary<string, string>
        {
            ["text"] = Pasted("console-draft").Replace("severity: action-required", "severity: breaking", StringComparison.Ordinal),
            ["revision"] = "1",
        });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = await stale.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Someone changed this notice while you edited it", html, StringComparison.Ordinal);
        Assert.Contains("severity: breaking", html, StringComparison.Ordinal); // their text stays on screen
        var stored = (await host.Store.GetNoticeAsync("console-draft", Ct))!;
        Assert.Equal((2, Downtime.Partial, Severity.ActionRequired), (stored.Revision, stored.Downtime, stored.Severity));
    }

    [Fact]
    public async Task Publish_ConfirmationSaysHowManyChannels_ThenTheProgressStreamEndsWithAllSent()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false);
        await host.App.Services.GetRequiredService<NoticeCatalog>().ImportContentAsync(Pasted("console-publish"), "n.md", new Actor("cli:me", "cli"), Ct);
        await host.SubscribeChannelsAsync(12);
        using var client = await host.SignedInAsync();

        var (confirm, token) = await NoticePagesHost.PageAsync(client, "/console/notices/console-publish?confirm=publish");
        Assert.Equal("This will reach 12 channels.", NoticePagesHost.TextOf(confirm, "confirm-reach"));
        Assert.True(NoticePagesHost.FormHasToken(confirm, "<form method=\"post\""));
        using var published = await NoticePagesHost.PostFormAsync(client, "/console/notices/console-publish", token,
            new Dictionary<string, string> { ["act"] = "publish", ["revision"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal("/console/notices/console-publish/progress", published.Headers.Location!.OriginalString);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        // A bound, not a wait: the stream ends when the broadcast does; a loaded 2-core machine took over a minute.
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        using var stream = await client.GetAsync("/console/notices/console-publish/progress?handler=stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        var events = await stream.Content.ReadAsStringAsync(timeout.Token);

        Assert.EndsWith("event: done\ndata: {}\n\n", events, StringComparison.Ordinal);
        Assert.Contains("data: {\"sent\":12,\"pending\":0,\"throttled\":0,\"failed\":0,\"total\":12}", events, StringComparison.Ordinal);
        Assert.Equal(12, host.Slack.Calls.Count(c => c.Method == "chat.postMessage"));
        var audit = Assert.Single(await host.Store.ListAuditAsync(20, Ct), a => a.Action == "publish");
        Assert.Equal(("slack:" + NoticePagesHost.Support, "console"), (audit.Actor, audit.Surface));
        var (progress, _) = await NoticePagesHost.PageAsync(client, "/console/notices/console-publish/progress");
        Assert.Contains("<progress id=\"broadcast-bar\" max=\"12\" value=\"12\">", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_FailuresWithReasons_RetryOnlyWhereARetryCanHelp()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false);
        await host.App.Services.GetRequiredService<NoticeCatalog>().ImportContentAsync(Pasted("console-retry"), "n.md", new Actor("cli:me", "cli"), Ct);
        var refused = (await host.SubscribeChannelsAsync(1))[0];
        host.Slack.FailChannel("C00000", "invalid_blocks");
        var teams = new ChangeBot.Core.Subscriptions.ConversationAddress("msteams", "tenant", "19:chat");
        await host.Store.UpsertSubscriptionAsync(new ChangeBot.Core.Subscriptions.Subscription(teams, [], "msteams:someone", DateTimeOffset.UtcNow), Ct);
        await host.App.Services.GetRequiredService<INoticeOperations>().PublishAsync("console-retry", new Actor("cli:me", "cli"), Ct);
        await host.App.Services.GetRequiredService<DeliveryEngine>().DispatchAsync("console-retry", Ct);
        using var client = await host.SignedInAsync();

        var (page, token) = await NoticePagesHost.PageAsync(client, "/console/notices/console-retry/progress");
        var unconfigured = (await host.Store.ListDeliveriesAsync("console-retry", Ct)).Single(d => d.ChannelKey == teams.Key);
        var rejected = (await host.Store.ListDeliveriesAsync("console-retry", Ct)).Single(d => d.ChannelKey == refused);
        using var retried = await NoticePagesHost.PostFormAsync(client, "/console/notices/console-retry/progress?handler=retry", token,
            new Dictionary<string, string> { ["key"] = unconfigured.Key });
        using var refusedRetry = await NoticePagesHost.PostFormAsync(client, "/console/notices/console-retry/progress?handler=retry", token,
            new Dictionary<string, string> { ["key"] = rejected.Key });

        Assert.Contains("the msteams adapter is not configured", page, StringComparison.Ordinal);
        Assert.Contains("rejected by slack", page, StringComparison.Ordinal);
        Assert.Contains($"name=\"key\" value=\"{WebUtility.HtmlEncode(unconfigured.Key)}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"name=\"key\" value=\"{WebUtility.HtmlEncode(rejected.Key)}\"", page, StringComparison.Ordinal);
        Assert.Contains("a retry cannot fix this", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refusedRetry.StatusCode);
        Assert.Equal(DeliveryStatus.Failed, (await host.Store.GetDeliveryAsync(rejected.Key, Ct))!.Status);
        var audit = Assert.Single(await host.Store.ListAuditAsync(50, Ct), a => a.Action == "retry");
        Assert.Equal(("slack:" + NoticePagesHost.Support, "console", unconfigured.Key), (audit.Actor, audit.Surface, audit.Details));
    }

    [Fact]
    public async Task Action_FormFromAnOlderRevision_IsAConflictAndChangesNothing()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false);
        await host.App.Services.GetRequiredService<NoticeCatalog>().ImportContentAsync(Pasted("console-stale"), "n.md", new Actor("cli:me", "cli"), Ct);
        using var client = await host.SignedInAsync();
        var (_, token) = await NoticePagesHost.PageAsync(client, "/console/notices/console-stale?confirm=cancel");

        using var response = await NoticePagesHost.PostFormAsync(client, "/console/notices/console-stale", token,
            new Dictionary<string, string> { ["act"] = "cancel", ["revision"] = "0" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Someone changed this notice while you looked at it", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(NoticeState.Draft, (await host.Store.GetNoticeAsync("console-stale", Ct))!.State);
    }

    [Fact]
    public async Task Stranger_CannotRunAnAction()
    {
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false);
        await host.App.Services.GetRequiredService<NoticeCatalog>().ImportContentAsync(Pasted("console-guarded"), "n.md", new Actor("cli:me", "cli"), Ct);
        using var support = await host.SignedInAsync();
        var (_, token) = await NoticePagesHost.PageAsync(support, "/console/notices/console-guarded?confirm=publish");
        using var stranger = await host.SignedInAsync("U0STRANGER");

        using var response = await NoticePagesHost.PostFormAsync(stranger, "/console/notices/console-guarded", token,
            new Dictionary<string, string> { ["act"] = "publish", ["revision"] = "1" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(NoticeState.Draft, (await host.Store.GetNoticeAsync("console-guarded", Ct))!.State);
    }

    [Fact]
    public async Task Preview_StoredNotice_ShowsSlackTeamsAndWebChat()
    {
        await using var host = await NoticePagesHost.StartAsync();
        using var client = await host.SignedInAsync();

        var (html, _) = await NoticePagesHost.PageAsync(client, $"/console/notices/{SampleId}/preview");

        Assert.Contains("&quot;type&quot;: &quot;header&quot;", html, StringComparison.Ordinal);
        Assert.Contains("application/vnd.microsoft.card.adaptive", html, StringComparison.Ordinal);
        Assert.StartsWith("Web chat\n", NoticePagesHost.TextOf(html, "rendering-webchat"), StringComparison.Ordinal);
        Assert.Contains("[Action Required]: Maintenance to Update TLS Certificate for API Sandbox [action-required]", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_TableFiltersByAnswer_AndTheCsvHasTheLastCheckWithFormulasDefused()
    {
        await using var host = await NoticePagesHost.StartAsync();
        var channels = await host.SubscribeChannelsAsync(3);
        var engine = host.App.Services.GetRequiredService<DeliveryEngine>();
        var sample = (await host.Store.GetNoticeAsync(SampleId, Ct))!;
        await engine.ReserveAsync(sample, DeliveryKind.Broadcast, "", channels, Ct);
        await host.Store.AddAcknowledgementAsync(new Acknowledgement(SampleId, channels[0], AckAnswer.Ready, "=cmd|' /C calc'!A0", DateTimeOffset.UtcNow), Ct);
        await host.Store.AddChannelCheckAsync(new ChannelCheck(SampleId, channels[1], "slack:U1", DateTimeOffset.UtcNow, "@evil.example", CheckVerdict.Problems, ["incomplete-chain"]), Ct);
        using var client = await host.SignedInAsync();

        var (page, _) = await NoticePagesHost.PageAsync(client, $"/console/notices/{SampleId}/readiness?answer=ready");
        using var csv = await client.GetAsync($"/console/notices/{SampleId}/readiness?handler=csv", Ct);

        Assert.Contains("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"readiness-bar\" role=\"img\"", page, StringComparison.Ordinal);
        Assert.Contains("Ready 1, Not affected 0, Need help 0, No answer 2.", page, StringComparison.Ordinal);
        Assert.Contains("1 channel, page 1 of 1", page, StringComparison.Ordinal);
        Assert.Contains($"<th scope=\"row\">{channels[0]}</th>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<th scope=\"row\">{channels[1]}</th>", page, StringComparison.Ordinal);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n");
        Assert.Equal(5, lines.Length); // header, three channels, the empty end
        Assert.Contains(",ready,'=cmd|' /C calc'!A0,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",problems,'@evil.example,incomplete-chain,slack:U1,", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_SecondPage_ShowsTheChannelsAfterTheFirstPage()
    {
        await using var host = await NoticePagesHost.StartAsync();
        var channels = await host.SubscribeChannelsAsync(ReadinessTable.PageSize + 3);
        var sample = (await host.Store.GetNoticeAsync(SampleId, Ct))!;
        await host.App.Services.GetRequiredService<DeliveryEngine>().ReserveAsync(sample, DeliveryKind.Broadcast, "", channels, Ct);
        using var client = await host.SignedInAsync();

        var (page, _) = await NoticePagesHost.PageAsync(client, $"/console/notices/{SampleId}/readiness?sort=channel&p=2");

        Assert.Contains($"{ReadinessTable.PageSize + 3} channels, page 2 of 2", page, StringComparison.Ordinal);
        Assert.Contains($"<th scope=\"row\">{channels[^1]}</th>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"<th scope=\"row\">{channels[0]}</th>", page, StringComparison.Ordinal);
        Assert.Contains("rel=\"prev\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unanswered_AnsweredWithAnFaqEntry_TheNextPersonAskingInWebChatGetsTheAnswer()
    {
        const string Question = "Is the Zephyr billing widget affected by the certificate change?";
        await using var host = await NoticePagesHost.StartAsync();
        await host.Store.AddUnansweredAsync(new UnansweredQuestion("q1", Question, "slack:U0CUSTOMER", "slack:T0CONSOLE:C00001", SampleId, DateTimeOffset.UtcNow), Ct);
        using var client = await host.SignedInAsync();
        var (page, token) = await NoticePagesHost.PageAsync(client, "/console/unanswered");
        Assert.Contains(WebUtility.HtmlEncode(Question), page, StringComparison.Ordinal);
        Assert.True(NoticePagesHost.FormHasToken(page, "class=\"faq-form\""));
        var revision = (await host.Store.GetNoticeAsync(SampleId, Ct))!.Revision;

        using var answered = await NoticePagesHost.PostFormAsync(client, "/console/unanswered", token, new Dictionary<string, string>
        {
            ["notice"] = $"{SampleId}@{revision}",
            ["question"] = Question,
            ["answer"] = "No. The Zephyr billing widget talks to a separate endpoint (see ticket ZEPHYR-42), so nothing changes for it.",
        });

        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var stored = (await host.Store.GetNoticeAsync(SampleId, Ct))!;
        Assert.Equal(revision + 1, stored.Revision);
        var audit = Assert.Single(await host.Store.ListAuditAsync(50, Ct), a => a.Action == "faq");
        Assert.Equal(("slack:" + NoticePagesHost.Support, "console", SampleId), (audit.Actor, audit.Surface, audit.NoticeId));
        Assert.Contains("ZEPHYR-42", await AskInWebChatAsync(host, "is the zephyr billing widget affected?"), StringComparison.Ordinal);
    }

    /// <summary>Asks as an anonymous web chat visitor (Direct Line, as directlinejs does) and returns the bot's reply.</summary>
    private static async Task<string> AskInWebChatAsync(NoticePagesHost host, string question)
    {
        using var chat = host.App.CreateClient();
        chat.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "undefined");
        using var started = await chat.PostAsJsonAsync("/v3/directline/conversations", new { user = new { } }, Ct);
        var conversation = (await started.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var id = conversation["conversationId"]!.GetValue<string>();
        chat.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", conversation["token"]!.GetValue<string>());
        var conversations = host.App.Services.GetRequiredService<DirectLineConversations>();
        using var posted = await chat.PostAsJsonAsync($"/v3/directline/conversations/{id}/activities",
            new { type = "message", from = new { id = "u1", role = "user" }, text = question }, Ct);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        while (true)
        {
            var next = conversations.Find(id)!.After(long.MaxValue).NextAppend;
            var activities = (JsonArray)(await chat.GetFromJsonAsync<JsonObject>($"/v3/directline/conversations/{id}/activities", Ct))!["activities"]!;
            if (activities.FirstOrDefault(a => (string?)a!["from"]!["role"] == "bot") is { } reply)
            {
                return reply["text"]!.GetValue<string>();
            }

            await next.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
    }
}
