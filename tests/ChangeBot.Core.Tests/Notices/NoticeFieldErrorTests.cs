using static ChangeBot.Core.Tests.Notices.NoticeErrorAssert;

namespace ChangeBot.Core.Tests.Notices;

/// <summary>Bad fields fail the whole import with the file, the line and the reason. Line 1 is the opening '---'.</summary>
public sealed class NoticeFieldErrorTests : IDisposable
{
    private readonly NoticeFileBatch files = new();

    private string Notice => files.PathOf("notice.md");

    public void Dispose() => files.Dispose();

    [Fact]
    public void Import_UnknownTopLevelField_NamesItOnItsLine()
    {
        var batch = files.ImportFailing("""
            ---
            id: sample-notice
            title: Sample
            severty: info
            ---
            """);

        HasError(batch, Notice, 4, "unknown field 'severty'; known fields: id, title, severity");
    }

    [Fact]
    public void Import_UnknownNestedFields_AreReportedWhereTheyAre()
    {
        var batch = files.ImportFailing("""
            ---
            id: sample-notice
            title: Sample
            timezone: America/Los_Angeles
            window:
              start: 2016-12-06 07:00
              finish: 2016-12-06 11:00
            endpoints:
              - name: API
                url: https://api.example.com
            faq:
              - q: Why?
                a: Because.
                author: support
            certificates:
              root:
                subject: Root CA
                fingerprint: AB
            ---
            """);

        HasError(batch, Notice, 7, "unknown field 'finish' in window; known fields: start, end");
        HasError(batch, Notice, 10, "unknown field 'url' in endpoints[0]; known fields: name, current, test");
        HasError(batch, Notice, 14, "unknown field 'author' in faq[0]");
        HasError(batch, Notice, 18, "unknown field 'fingerprint' in certificates.root");
        HasError(batch, Notice, 5, "window.end is missing");
    }

    [Theory]
    [InlineData("title: Sample", "missing required field 'id'")]
    [InlineData("id: sample-notice", "missing required field 'title'")]
    public void Import_MissingRequiredField_IsReportedOnTheOpeningLine(string onlyField, string reason)
    {
        var batch = files.ImportFailing($"---\n{onlyField}\n---\n## Body\ntext\n");

        HasError(batch, Notice, 1, reason);
    }

    [Fact]
    public void Import_EmptyFrontMatter_MissesBothRequiredFields()
    {
        var batch = files.ImportFailing("---\n---\n## Body\n");

        HasError(batch, Notice, 1, "missing required field 'id'");
        HasError(batch, Notice, 1, "missing required field 'title'");
    }

    [Theory]
    [InlineData("Bad_Id")]
    [InlineData("ab")]
    [InlineData("api sandbox")]
    [InlineData("überlong")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Import_BadId_SaysWhatAnIdIs(string id)
    {
        var batch = files.ImportFailing($"---\ntitle: Sample\nid: \"{id}\"\n---\n");

        HasError(batch, Notice, 3, $"bad id '{id}': an id is 3 to 80 lower-case letters, digits or '-'");
    }

    [Fact]
    public void Import_EmptyTitle_IsRefused()
    {
        var batch = files.ImportFailing("---\nid: sample-notice\ntitle: \"\"\n---\n");

        HasError(batch, Notice, 3, "'title' is empty");
    }

    [Theory]
    [InlineData("severity: urgent", "bad severity 'urgent'; use one of: info, action-required, breaking")]
    [InlineData("severity: Action-Required", "bad severity 'Action-Required'")]
    [InlineData("downtime: some", "bad downtime 'some'; use one of: none, partial, full")]
    [InlineData("downtime: [none]", "'downtime' must be a single value, not a list")]
    public void Import_BadChoice_ListsTheAllowedValues(string line, string reason)
    {
        var batch = files.ImportFailing($"---\nid: sample-notice\ntitle: Sample\n{line}\n---\n");

        HasError(batch, Notice, 4, reason);
    }

    [Fact]
    public void Import_BadSlugs_AreEachReportedOnTheirLine()
    {
        var batch = files.ImportFailing("""
            ---
            id: sample-notice
            title: Sample
            products: [API, ok]
            environments:
              - sandbox
              - -leading-dash
            tags: tls
            ---
            """);

        HasError(batch, Notice, 4, "bad slug 'API' in products");
        HasError(batch, Notice, 7, "bad slug '-leading-dash' in environments");
        HasError(batch, Notice, 8, "'tags' must be a list such as [api, sandbox], not 'tls'");
        Assert.Equal(3, batch.Errors.Count);
    }

    [Fact]
    public void Import_BadEndpointUrls_MustBeAbsoluteHttp()
    {
        var batch = files.ImportFailing("""
            ---
            id: sample-notice
            title: Sample
            endpoints:
              - name: API Sandbox
                current: ftp://apisandbox.zuora.com
                test: apisandbox-new.zuora.com
              - current: https://api.example.com
            ---
            """);

        HasError(batch, Notice, 6, "bad URL in endpoints[0].current: 'ftp://apisandbox.zuora.com' is not an absolute http(s) URL");
        HasError(batch, Notice, 7, "bad URL in endpoints[0].test: 'apisandbox-new.zuora.com'");
        HasError(batch, Notice, 8, "endpoints[1] has no name");
    }

    [Fact]
    public void Import_FaqEntryWithoutQuestionOrAnswer_IsReportedOnTheEntry()
    {
        var batch = files.ImportFailing("""
            ---
            id: sample-notice
            title: Sample
            faq:
              - q: Does Salesforce need changes?
              - a: No.
              - q: ""
                a: Empty question.
            ---
            """);

        HasError(batch, Notice, 5, "faq[0] has no answer (a)");
        HasError(batch, Notice, 6, "faq[1] has no question (q)");
        HasError(batch, Notice, 7, "faq[2] has no question (q)");
    }

    [Fact]
    public void Import_BadFingerprintAndMissingSubject_AreReported()
    {
        var batch = files.ImportFailing("""
            ---
            id: sample-notice
            title: Sample
            certificates:
              root:
                subject: VeriSign Class 3 Public Primary Certification Authority - G5
                sha256: 9ACFAB7E
              intermediate:
                sha256: EAE72EB454BF6C3977EBD289E970B2F5282949190093D0D26F98D0F0D6A9CF17
            ---
            """);

        HasError(batch, Notice, 7, "bad fingerprint in certificates.root.sha256: a SHA-256 fingerprint is 64 hexadecimal digits");
        HasError(batch, Notice, 8, "certificates.intermediate has no subject");
    }

    [Fact]
    public void Import_SeveralProblems_AreAllReportedNotJustTheFirst()
    {
        var batch = files.ImportFailing("""
            ---
            id: Sample
            title: Sample
            severity: high
            reminders: [7d, soon]
            colour: red
            ---
            """);

        HasError(batch, Notice, 2, "bad id 'Sample'");
        HasError(batch, Notice, 4, "bad severity 'high'");
        HasError(batch, Notice, 5, "bad reminder: 'soon' is not a duration");
        HasError(batch, Notice, 6, "unknown field 'colour'");
        Assert.Equal(4, batch.Errors.Count);
    }
}
