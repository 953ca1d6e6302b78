using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Notices;

public sealed class NoticeBodyTests
{
    private static Notice ParseBody(string body)
    {
        var result = new NoticeImporter().Parse($"---\nid: body-test\ntitle: Body test\n---\n{body}", "body.md");
        Assert.Empty(result.Errors);
        return result.Notice!;
    }

    [Fact]
    public void Parse_Body_SplitsOnSecondLevelHeadingsOnly()
    {
        var notice = ParseBody("""
            Introduction before any section.

            ## First *section*
            Para one
            continues here.

            Para two.

            ### A sub-heading
            Under the sub-heading.

            # A title ends the section

            Not in any section.

            Second section
            --------------
            Setext text.
            """);

        Assert.Equal(["First section", "Second section"], notice.Sections.Select(s => s.Heading).ToArray());
        Assert.Equal("Para one continues here.\n\nPara two.\n\nA sub-heading\n\nUnder the sub-heading.", notice.Sections[0].Text);
        Assert.Equal("Setext text.", notice.Sections[1].Text);
    }

    [Fact]
    public void Parse_Body_StripsMarkupButKeepsListNumbersAndLinkTargets()
    {
        var notice = ParseBody("""
            ## Steps
            1. Download the **bundle** from [the post](https://community.example.com/post).
            2. Import `chain.crt`
               into your store.
            3. See <https://docs.example.com/ca>.

            - bullet with ![logo](logo.png) image
            - [https://same.example.com](https://same.example.com)

            > Quoted &amp; escaped \*text\*.

            <div>raw html</div>

                indented code

            ---
            """);

        Assert.Equal(
            "1. Download the bundle from the post (https://community.example.com/post).\n"
            + "2. Import chain.crt into your store.\n"
            + "3. See https://docs.example.com/ca.\n\n"
            + "- bullet with logo image\n"
            + "- https://same.example.com\n\n"
            + "Quoted & escaped *text*.\n\n"
            + "indented code",
            Assert.Single(notice.Sections).Text);
    }

    [Fact]
    public void Parse_MinimalNotice_GetsTheDocumentedDefaults()
    {
        var notice = ParseBody("");

        Assert.Equal(Severity.Info, notice.Severity);
        Assert.Equal(Notice.DefaultReminders, notice.Reminders);
        Assert.Null(notice.Downtime);
        Assert.Null(notice.WindowStart);
        Assert.Null(notice.Certificates);
        Assert.Empty(notice.Sections);
        Assert.Equal("", notice.Body);
        Assert.Equal(NoticeState.Draft, notice.State);
    }

    [Fact]
    public void Parse_EmptyReminderList_MeansNoReminders()
    {
        var result = new NoticeImporter().Parse("---\nid: no-reminders\ntitle: T\nreminders: []\n---\n", "n.md");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Notice!.Reminders);
    }
}
