using ChangeBot.Core.Audit;
using ChangeBot.Core.Notices;
using ChangeBot.Core.Operations;
using ChangeBot.Testing.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace ChangeBot.Core.Tests.Notices;

/// <summary>Answering an unanswered question with an FAQ entry: a new revision whose source still imports.</summary>
public sealed class FaqAnswersTests
{
    private const string Source = """
        ---
        id: faq-demo
        title: Demo
        faq:
          - q: Is there downtime?
            a: No.
        ---

        ## What is changing

        The certificate.
        """;

    private static readonly Actor Support = new("slack:U1", "console");

    [Fact]
    public void Add_BlockList_AppendsAnEntryTheImporterReads()
    {
        var added = FaqSource.Add(Source, "Do we need \"new\" packages?", "No: the packages\nstay the same.")!;

        var parsed = new NoticeImporter().Parse(added, "faq-demo.md");

        Assert.Empty(parsed.Errors);
        Assert.Equal(["Is there downtime?", "Do we need \"new\" packages?"], parsed.Notice!.Faq.Select(f => f.Question));
        Assert.Equal("No: the packages\nstay the same.", parsed.Notice.Faq[1].Answer);
        Assert.Equal("The certificate.", parsed.Notice.Sections.Single().Text.Trim());
    }

    [Fact]
    public void Add_NoFaqField_AddsOneAtTheEndOfTheFrontMatter_InlineFaqIsLeftAlone()
    {
        var without = "---\nid: xyz\ntitle: X\n---\nBody\n";

        var parsed = new NoticeImporter().Parse(FaqSource.Add(without, "Q?", "A.")!, "x.md");

        Assert.Empty(parsed.Errors);
        Assert.Equal(new FaqEntry("Q?", "A."), parsed.Notice!.Faq.Single());
        Assert.Null(FaqSource.Add("---\nid: x\ntitle: X\nfaq: [{q: a, a: b}]\n---\n", "Q?", "A."));
        Assert.Null(FaqSource.Add("no front matter", "Q?", "A."));
    }

    [Fact]
    public async Task AddAsync_StoredNotice_NewRevisionAuditedAndIndexedAtOnce()
    {
        var (store, faq, index) = await SetUpAsync();

        var result = await faq.AddAsync("faq-demo", "Do we need new packages?", "No, the packages stay the same.", 1, Support);

        Assert.True(result.Succeeded, result.Reply.Text);
        var stored = (await store.GetNoticeAsync("faq-demo"))!;
        Assert.Equal(2, stored.Revision);
        Assert.Equal(2, stored.Faq.Count);
        Assert.Contains("Do we need new packages?", stored.Source, StringComparison.Ordinal);
        Assert.Equal(2, (await store.GetRevisionsAsync("faq-demo")).Count);
        var audit = (await store.ListAuditAsync(10)).Single(a => a.Action == "faq");
        Assert.Equal(("slack:U1", "console", "faq-demo"), (audit.Actor, audit.Surface, audit.NoticeId));
        Assert.Same(stored.Faq, index.Changed.Single().Faq);
    }

    [Fact]
    public async Task AddAsync_StaleRevisionOrBadInput_ChangesNothing()
    {
        var (store, faq, index) = await SetUpAsync();

        var stale = await faq.AddAsync("faq-demo", "Q?", "A.", 0, Support);
        var empty = await faq.AddAsync("faq-demo", " ", "A.", 1, Support);
        var tooLong = await faq.AddAsync("faq-demo", "Q?", new string('a', FaqAnswers.MaxAnswerLength + 1), 1, Support);
        var missing = await faq.AddAsync("nope", "Q?", "A.", 1, Support);

        Assert.Equal(
            [OperationError.Conflict, OperationError.Invalid, OperationError.Invalid, OperationError.NotFound],
            new[] { stale, empty, tooLong, missing }.Select(r => r.Error));
        Assert.Equal(1, (await store.GetNoticeAsync("faq-demo"))!.Revision);
        Assert.Empty(await store.ListAuditAsync(10));
        Assert.Empty(index.Changed);
    }

    private static async Task<(InMemoryChangeBotStore, FaqAnswers, RecordingObserver)> SetUpAsync()
    {
        var store = new InMemoryChangeBotStore();
        var importer = new NoticeImporter();
        await store.ImportNoticesAsync([importer.Parse(Source, "faq-demo.md").Notice!]);
        var index = new RecordingObserver();
        return (store, new FaqAnswers(store, importer, new AuditTrail(store, new FakeTimeProvider()), [index]), index);
    }

    private sealed class RecordingObserver : INoticeObserver
    {
        public List<Notice> Changed { get; } = [];

        public void NoticeChanged(Notice notice) => Changed.Add(notice);
    }
}
