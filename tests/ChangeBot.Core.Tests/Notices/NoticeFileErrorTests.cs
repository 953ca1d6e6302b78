using System.Text;
using ChangeBot.Core.Notices;
using static ChangeBot.Core.Tests.Notices.NoticeErrorAssert;

namespace ChangeBot.Core.Tests.Notices;

/// <summary>Whole-file problems: front matter shape, YAML syntax, unreadable files, bundles, duplicate ids.</summary>
public sealed class NoticeFileErrorTests : IDisposable
{
    private readonly NoticeFileBatch files = new();

    private string Notice => files.PathOf("notice.md");

    public void Dispose() => files.Dispose();

    [Fact]
    public void Import_NoFrontMatter_SaysHowANoticeStarts()
    {
        var batch = files.ImportFailing("# Just Markdown\n\nid: sample-notice\n");

        HasError(batch, Notice, 1, "a notice starts with YAML front matter");
    }

    [Fact]
    public void Import_UnclosedFrontMatter_IsReported()
    {
        var batch = files.ImportFailing("---\nid: sample-notice\ntitle: Sample\n\n## Body\n");

        HasError(batch, Notice, 1, "never closed by a '---' line");
    }

    [Theory]
    [InlineData("products: [api\nseverity: info", 4, "is a list '[' or set of fields '{' not closed?")]
    [InlineData("severity: info\nproducts: a: b", 5, "found invalid mapping")]
    [InlineData("severity: info\n\tproducts: [api]", 5, "found a tab character")]
    public void Import_YamlSyntaxError_IsReportedOnItsLine(string yaml, int line, string reason)
    {
        var batch = files.ImportFailing($"---\nid: sample-notice\ntitle: Sample\n{yaml}\n---\n");

        var error = Assert.Single(batch.Errors);
        Assert.True(
            error.File == Notice && error.Line == line && error.Message.Contains(reason, StringComparison.Ordinal)
            && error.Message.StartsWith("the front matter is not valid YAML", StringComparison.Ordinal),
            $"expected line {line} and '{reason}'; got {error}");
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_DuplicateKey_IsReportedOnTheSecondKey()
    {
        var batch = files.ImportFailing("---\nid: sample-notice\ntitle: Sample\ntitle: Other\n---\n");

        HasError(batch, Notice, 4, "Duplicate key");
    }

    [Fact]
    public void Import_CrLfLineEndings_KeepLineNumbers()
    {
        var batch = files.ImportFailing("---\r\nid: sample-notice\r\ntitle: Sample\r\nseverity: high\r\n---\r\n## Body\r\n");

        HasError(batch, Notice, 4, "bad severity 'high'");
    }

    [Fact]
    public void Import_FileThatIsNotUtf8_IsUnreadable()
    {
        files.Write("good.md", NoticeFileBatch.ValidNotice);
        var bad = files.PathOf("latin1.md");
        File.WriteAllBytes(bad, [.. Encoding.ASCII.GetBytes("---\nid: caf"), 0xE9, .. Encoding.ASCII.GetBytes("\n---\n")]);

        var batch = new NoticeImporter().ParseFiles([files.Folder]);

        Assert.Empty(batch.Notices);
        var error = HasError(batch, bad, NoticeError.NoLine, "cannot read the file: it is not UTF-8 text");
        Assert.Equal($"{bad}: cannot read the file: it is not UTF-8 text", error.ToString());
    }

    [Fact]
    public void Import_MissingPath_IsReportedAndNothingIsImported()
    {
        var good = files.Write("good.md", NoticeFileBatch.ValidNotice);
        var missing = files.PathOf("missing.md");

        var batch = new NoticeImporter().ParseFiles([good, missing]);

        Assert.Empty(batch.Notices);
        HasError(batch, missing, NoticeError.NoLine, "no such file or folder");
    }

    [Fact]
    public void Import_FolderWithoutNotices_IsReported()
    {
        using var empty = new TempDirectory();

        var batch = new NoticeImporter().ParseFiles([empty.Path]);

        HasError(batch, empty.Path, NoticeError.NoLine, "the folder has no notice files (*.md)");
    }

    [Fact]
    public void Import_SameIdInTwoFiles_FailsTheBatchNamingBothFiles()
    {
        var first = files.Write("a.md", "---\nid: same-id\ntitle: First\n---\n");
        var second = files.Write("b.md", "---\ntitle: Second\nid: same-id\n---\n");

        var batch = new NoticeImporter().ParseFiles([files.Folder]);

        Assert.Empty(batch.Notices);
        var error = Assert.Single(batch.Errors);
        Assert.Equal(new NoticeError(second, 3, $"duplicate id 'same-id': {first} already uses it"), error);
    }

    [Fact]
    public void Import_SameFileNamedTwice_IsImportedOnce()
    {
        var good = files.Write("good.md", NoticeFileBatch.ValidNotice);

        var batch = new NoticeImporter().ParseFiles([good, files.Folder]);

        Assert.True(batch.Succeeded, string.Join("\n", batch.Errors));
        Assert.Single(batch.Notices);
    }

    [Fact]
    public void Import_FolderReadme_IsNotANotice()
    {
        files.Write("good.md", NoticeFileBatch.ValidNotice);
        files.Write("README.md", "# Notices\n\nOne notice per file.\n");

        var batch = new NoticeImporter().ParseFiles([files.Folder]);

        Assert.True(batch.Succeeded, string.Join("\n", batch.Errors));
        Assert.Equal("valid-companion", Assert.Single(batch.Notices).Id);
    }

    [Fact]
    public void Import_MissingBundle_IsReportedOnTheBundleLine()
    {
        var batch = files.ImportFailing("---\nid: sample-notice\ntitle: Sample\ncertificates:\n  bundle: chain.pem\n---\n");

        HasError(batch, Notice, 5, "bundle file 'chain.pem' does not exist");
    }

    [Fact]
    public void Import_BundleThatIsNotPem_IsReported()
    {
        files.Write("chain.pem", "this is not a certificate\n");
        var batch = files.ImportFailing("---\nid: sample-notice\ntitle: Sample\ncertificates:\n  bundle: chain.pem\n---\n");

        HasError(batch, Notice, 5, "bundle file 'chain.pem' is not PEM: it has no '-----BEGIN CERTIFICATE-----' block");
    }

    [Fact]
    public void Import_BundleWithCorruptCertificate_IsReported()
    {
        files.Write("chain.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        var batch = files.ImportFailing("---\nid: sample-notice\ntitle: Sample\ncertificates:\n  bundle: chain.pem\n---\n");

        HasError(batch, Notice, 5, "bundle file 'chain.pem' is not PEM: a certificate in it cannot be decoded");
    }

    [Fact]
    public void Import_BundleWithAbsolutePath_IsRefused()
    {
        var batch = files.ImportFailing("---\nid: sample-notice\ntitle: Sample\ncertificates:\n  bundle: /etc/ssl/certs/ca-certificates.crt\n---\n");

        HasError(batch, Notice, 5, "must be a path relative to the notice file");
    }

    [Fact]
    public void Parse_BundleWithoutBaseDirectory_CannotBeResolved()
    {
        var result = new NoticeImporter().Parse("---\nid: sample-notice\ntitle: Sample\ncertificates:\n  bundle: chain.pem\n---\n", "upload");

        Assert.Null(result.Notice);
        HasError(result.Errors, "upload", 5, "has no folder, and the server reads no file that a form names");
    }
}
