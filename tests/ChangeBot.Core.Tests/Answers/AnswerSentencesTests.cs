using ChangeBot.Core.Answers;

namespace ChangeBot.Core.Tests.Answers;

/// <summary>Trimming a long passage to the sentences that answer (issue 13).</summary>
public sealed class AnswerSentencesTests
{
    private const string Ranges = """
        Contoso Cloud Storage sends event notifications (object created, object deleted, lifecycle events) to
        the HTTPS endpoints you register. From April 6, 2027, these notifications come from new source
        address ranges:

        - EU West: 203.0.113.0/25 and 198.51.100.128/26
        - US East: 192.0.2.64/26

        The old ranges 100.64.12.0/24 (EU West) and 100.64.40.0/24 (US East) stay in use until the end of the
        grace period.
        """;

    [Fact]
    public void Select_FactInAList_QuotesTheListWithTheSentenceIntroducingIt()
    {
        var text = AnswerSentences.Select(Ranges, QuestionAnalysis.Parse("What are the new egress IP ranges for EU West?"), 900);

        Assert.Contains("203.0.113.0/25", text, StringComparison.Ordinal);
        Assert.Contains("new source address ranges:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_NumberedStepWrappedOverLines_QuotesTheWholeStep()
    {
        const string steps = """
            If your integration does not trust the Symantec root certificates, import them into your
            application's trusted CA store:

            1. Open the forum post that announced this maintenance; the Symantec root certificates can be
               downloaded from it.
            2. Click the `apisb-fullrootchain-new.crt` link at the bottom of the post to download the chain.
            3. Import the chain into the trust store your integration uses and restart it so it is read again.

            Customers who use the default trust store of a current operating system need to do nothing.
            """;

        var text = AnswerSentences.Select(steps, QuestionAnalysis.Parse("where do I download the Symantec root certificate bundle?"), 900);

        Assert.Contains("apisb-fullrootchain-new.crt", text, StringComparison.Ordinal);
        Assert.Contains("can be downloaded from it.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_BestMatchIsASubHeading_QuotesWhatIsUnderIt()
    {
        // A "###" heading inside a section reaches the answer index as a line of its own (NoticeBody).
        const string section = """
            If the Symantec root and intermediate certificates are not trusted by your integration, you must
            complete the following actions before the scheduled maintenance on December 6, 2016.

            Download and install the Symantec root certificate bundle

            Open the forum post that announced this maintenance and click the `apisb-fullrootchain-new.crt`
            link at the bottom of the post to download the chain. Import these certificates into your trusted
            CA store, as your system requires.

            Testing with the new endpoint

            Point your integration at the test endpoint.
            """;

        var text = AnswerSentences.Select(section, QuestionAnalysis.Parse("how do I install the root certificate bundle?"), 900);

        Assert.StartsWith("Download and install the Symantec root certificate bundle: Open the forum post", text, StringComparison.Ordinal);
        Assert.Contains("apisb-fullrootchain-new.crt", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Testing with the new endpoint", text, StringComparison.Ordinal);
    }
}
