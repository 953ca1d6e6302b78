using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Tests.Notices;

/// <summary>The seed's notice as shipped in manifests/notices imports with every field as written.</summary>
public sealed class SampleNoticeTests
{
    private const string RootSha256 = "9ACFAB7E43C8D880D06B262A94DEEEE4B4659989C3D0CAF19BAF6405E41AB7DF";
    private const string IntermediateSha256 = "EAE72EB454BF6C3977EBD289E970B2F5282949190093D0D26F98D0F0D6A9CF17";

    private static Notice ImportSample()
    {
        var batch = new NoticeImporter().ParseFiles([RepositoryRoot.SampleNotices]);
        Assert.True(batch.Succeeded, string.Join("\n", batch.Errors));
        return Assert.Single(batch.Notices);
    }

    [Fact]
    public void SampleNotice_Import_ReadsEveryFrontMatterField()
    {
        var notice = ImportSample();

        Assert.Equal("api-sandbox-tls-certificate", notice.Id);
        Assert.Equal("[Action Required]: Maintenance to Update TLS Certificate for API Sandbox", notice.Title);
        Assert.Equal(Severity.ActionRequired, notice.Severity);
        Assert.Equal(["api"], notice.Products);
        Assert.Equal(["api-sandbox", "sandbox"], notice.Environments);
        Assert.Equal(["tls", "certificate", "ca-change"], notice.Tags);
        Assert.Equal(new DateTimeOffset(2016, 11, 11, 4, 38, 0, TimeSpan.Zero), notice.Posted);
        Assert.Equal(TimeSpan.FromHours(-8), notice.Posted!.Value.Offset);
        Assert.Equal("America/Los_Angeles", notice.TimeZone);
        Assert.Equal(Downtime.None, notice.Downtime);
        Assert.Equal([TimeSpan.FromDays(7), TimeSpan.FromDays(1), TimeSpan.FromHours(2)], notice.Reminders);
        Assert.Equal([new NoticeEndpoint("API Sandbox", "https://apisandbox.zuora.com", "https://apisandbox-new.zuora.com")], notice.Endpoints);
        var faq = Assert.Single(notice.Faq);
        Assert.Equal("Do we need to change anything in the Salesforce (SFDC) / Zuora integration or update the packages?", faq.Question);
        Assert.Equal(
            "No change is needed for Salesforce. Salesforce is configured for a different endpoint for API Sandbox, "
            + "so this certificate change does not apply to Salesforce environments. See the Salesforce Zuora connection settings for details.",
            faq.Answer);
        Assert.Equal(NoticeState.Draft, notice.State);
        Assert.Equal(1, notice.Revision);
    }

    [Fact]
    public void SampleNotice_Import_ConvertsPacificWindowToExactUtcInstants()
    {
        var notice = ImportSample();

        Assert.Equal(DateTimeOffset.Parse("2016-12-06T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture), notice.WindowStart);
        Assert.Equal(new DateTimeOffset(2016, 12, 6, 19, 0, 0, TimeSpan.Zero), notice.WindowEnd);
        Assert.Equal(new DateTimeOffset(2016, 12, 6, 15, 0, 0, TimeSpan.Zero), notice.ActionDeadline);
        Assert.Equal(TimeSpan.FromHours(-8), notice.WindowStart!.Value.Offset);
    }

    [Fact]
    public void SampleNotice_Import_NamesTheAnnouncedChainAndItsBundleMatchesIt()
    {
        var chain = ImportSample().Certificates;

        Assert.NotNull(chain);
        Assert.Equal(new CertificateRef("VeriSign Class 3 Public Primary Certification Authority - G5", RootSha256), chain.Root);
        Assert.Equal(new CertificateRef("Symantec Class 3 Secure Server CA - G4", IntermediateSha256), chain.Intermediate);
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(chain.BundlePem);
        Assert.Equal(
            [IntermediateSha256, RootSha256],
            bundle.Select(c => c.GetCertHashString(HashAlgorithmName.SHA256)).ToArray());
    }

    [Fact]
    public void SampleNotice_Import_TurnsEachSecondLevelHeadingIntoAStandAlonePassage()
    {
        var notice = ImportSample();

        Assert.Equal(
            [
                "What is changing",
                "When will these changes take effect?",
                "How will this change impact me?",
                "What action must I take?",
                "What happens if I take no action?",
                "How can I test connections to Sandbox using the new CA?",
            ],
            notice.Sections.Select(s => s.Heading).ToArray());
        Assert.All(notice.Sections, s => Assert.DoesNotContain("`", s.Text, StringComparison.Ordinal));
        Assert.All(notice.Sections, s => Assert.DoesNotContain("##", s.Text, StringComparison.Ordinal));
        Assert.Contains("December 6, 2016, from 7:00 AM to 11:00 AM Pacific Time", notice.Sections[1].Text, StringComparison.Ordinal);
        Assert.Contains("Download and install the Symantec root certificate bundle", notice.Sections[3].Text, StringComparison.Ordinal);
        Assert.Contains("\n2. Click the apisb-fullrootchain-new.crt link", notice.Sections[3].Text, StringComparison.Ordinal);
        Assert.Contains("https://apisandbox-new.zuora.com", notice.Sections[5].Text, StringComparison.Ordinal);
        Assert.StartsWith("## What is changing", notice.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleNotice_ContentHash_IsStableAndCoversTheBundle()
    {
        using var copy = new TempDirectory();
        foreach (var file in Directory.GetFiles(RepositoryRoot.SampleNotices))
        {
            File.Copy(file, copy.File(Path.GetFileName(file)));
        }

        var first = ImportSample().ContentHash;
        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, ImportSample().ContentHash);
        Assert.Equal(first, Assert.Single(new NoticeImporter().ParseFiles([copy.Path]).Notices).ContentHash);

        // Same notice file, bundle with the certificates in the other order: a different import.
        var bundle = copy.File("apisb-fullrootchain-new.pem");
        var pems = File.ReadAllText(bundle).Split("-----END CERTIFICATE-----\n", StringSplitOptions.RemoveEmptyEntries);
        File.WriteAllText(bundle, pems[1] + "-----END CERTIFICATE-----\n" + pems[0] + "-----END CERTIFICATE-----\n");
        var changed = Assert.Single(new NoticeImporter().ParseFiles([copy.Path]).Notices).ContentHash;
        Assert.NotEqual(first, changed);
    }
}
