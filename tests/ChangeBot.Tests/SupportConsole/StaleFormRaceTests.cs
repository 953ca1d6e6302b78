using System.Net;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace ChangeBot.Tests.SupportConsole;

/// <summary>
/// Two support people saving the same notice at once: the second save lands between the console's check of the
/// form's revision and its own save (the store is intercepted at that moment). The store decides atomically, so
/// the console answers its conflict message instead of overwriting. Same collection as <see cref="NoticePagesTests"/>
/// (Hangfire's log provider is process-wide).
/// </summary>
[Collection(nameof(NoticePagesTests))]
public sealed class StaleFormRaceTests
{
    private const string SampleId = "api-sandbox-tls-certificate";
    private const string NoticeId = "console-race";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Pasted() => ConsoleModelTests.PastableSample().Replace($"id: {SampleId}", $"id: {NoticeId}", StringComparison.Ordinal);

    [Fact]
    public async Task Editor_AnotherSaveLandsBetweenTheRevisionCheckAndTheSave_IsAConflictNotAnOverwrite()
    {
        Notice? otherSave = null;
        var landed = 0;
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false, configure: services => InterceptedStore.Wrap(services, (method, _, inner) =>
        {
            // The page has checked the form's revision and now writes: the other person's save gets there first.
            if (otherSave is not null && method is "ImportNoticesAsync" or "TryImportNoticeAsync" && Interlocked.Exchange(ref landed, 1) == 0)
            {
                inner.ImportNoticesAsync([otherSave], Ct).GetAwaiter().GetResult();
            }
        }));
        await host.App.Services.GetRequiredService<NoticeCatalog>().ImportContentAsync(Pasted(), "n.md", new Actor("cli:me", "cli"), Ct);
        using var client = await host.SignedInAsync();
        var (edit, token) = await NoticePagesHost.PageAsync(client, $"/console/notices/{NoticeId}/edit");
        Assert.Contains("name=\"revision\" value=\"1\"", edit, StringComparison.Ordinal);
        otherSave = new NoticeImporter().Parse(Pasted().Replace("downtime: none", "downtime: partial", StringComparison.Ordinal), "other.md").Notice!;

        using var save = await NoticePagesHost.PostFormAsync(client, $"/console/notices/{NoticeId}/edit?handler=save", token, new Dictionary<string, string>
        {
            ["text"] = Pasted().Replace("severity: action-required", "severity: breaking", StringComparison.Ordinal),
            ["revision"] = "1",
        });

        Assert.Equal(1, landed);
        var html = await save.Content.ReadAsStringAsync(Ct);
        Assert.True(save.StatusCode == HttpStatusCode.Conflict, $"{(int)save.StatusCode}: the save overwrote the other one");
        Assert.Contains("Someone changed this notice while you edited it (it is at revision 2 now, you started from 1)", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("severity: breaking", html, StringComparison.Ordinal); // their text stays on screen
        var stored = (await host.Store.GetNoticeAsync(NoticeId, Ct))!;
        Assert.Equal((2, Downtime.Partial, Severity.ActionRequired), (stored.Revision, stored.Downtime, stored.Severity));
        Assert.Equal(2, (await host.Store.GetRevisionsAsync(NoticeId, Ct)).Count);
        Assert.DoesNotContain(await host.Store.ListAuditAsync(20, Ct), a => a.Action == "import" && a.Surface == "console");
    }

    [Fact]
    public async Task Publish_AnotherSaveLandsBetweenThePagesRevisionCheckAndTheOperation_IsAConflictAndNothingIsSent()
    {
        Notice? otherSave = null;
        var reads = 0;
        await using var host = await NoticePagesHost.StartAsync(sampleNotices: false, configure: services => InterceptedStore.Wrap(services, (method, args, inner) =>
        {
            // Read 1 is the page loading the notice to check the form's revision; read 2 is the operation's own:
            // the other person's save lands in between.
            if (otherSave is not null && method == "GetNoticeAsync" && Equals(args[0], NoticeId) && Interlocked.Increment(ref reads) == 2)
            {
                inner.ImportNoticesAsync([otherSave], Ct).GetAwaiter().GetResult();
            }
        }));
        await host.App.Services.GetRequiredService<NoticeCatalog>().ImportContentAsync(Pasted(), "n.md", new Actor("cli:me", "cli"), Ct);
        await host.SubscribeChannelsAsync(3);
        using var client = await host.SignedInAsync();
        var (_, token) = await NoticePagesHost.PageAsync(client, $"/console/notices/{NoticeId}?confirm=publish");
        otherSave = new NoticeImporter().Parse(Pasted().Replace("downtime: none", "downtime: partial", StringComparison.Ordinal), "other.md").Notice!;

        using var publish = await NoticePagesHost.PostFormAsync(client, $"/console/notices/{NoticeId}", token,
            new Dictionary<string, string> { ["act"] = "publish", ["revision"] = "1" });

        Assert.True(reads >= 2, "the operation did not read the notice");
        var html = WebUtility.HtmlDecode(await publish.Content.ReadAsStringAsync(Ct));
        Assert.True(publish.StatusCode == HttpStatusCode.Conflict, $"{(int)publish.StatusCode}: published a revision nobody confirmed");
        Assert.Contains("Someone changed this notice while you looked at it (it is at revision 2 now, you saw 1)", html, StringComparison.Ordinal);
        var stored = (await host.Store.GetNoticeAsync(NoticeId, Ct))!;
        Assert.Equal((2, NoticeState.Draft, Downtime.Partial), (stored.Revision, stored.State, stored.Downtime));
        Assert.Empty(await host.Store.ListDeliveriesAsync(NoticeId, Ct));
        Assert.DoesNotContain(await host.Store.ListAuditAsync(20, Ct), a => a.Action == "publish");
    }
}
