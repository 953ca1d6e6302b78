using System.Security.Cryptography.X509Certificates;
using System.Text;
using ChangeBot.Core.Checks;
using ChangeBot.Testing.Checks;

namespace ChangeBot.Core.Tests.Checks;

public sealed class TrustStoreLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TestChain _pki = new();

    [Fact]
    public void Load_PemBundle_ReadsEveryCertificate()
    {
        var path = TrustStoreFiles.Pem(_dir.File("bundle.pem"), _pki.Root, _pki.Intermediate);

        var store = TrustStoreLoader.Load(path, null);

        Assert.Equal(path, store.Name);
        Assert.Equal([_pki.Root.Sha256, _pki.Intermediate.Sha256], Hashes(store));
    }

    [Fact]
    public void Load_SinglePemAndDer_ReadTheCertificate()
    {
        var pem = TrustStoreFiles.Pem(_dir.File("root.crt"), _pki.Root);
        var der = TrustStoreFiles.Der(_dir.File("root.cer"), _pki.Root);

        Assert.Equal([_pki.Root.Sha256], Hashes(TrustStoreLoader.Load(pem, null)));
        Assert.Equal([_pki.Root.Sha256], Hashes(TrustStoreLoader.Load(der, null)));
    }

    [Theory]
    [InlineData("s3cret", "s3cret")]
    [InlineData("", null)]
    [InlineData("changeit", null)]
    public void Load_Pkcs12_OpensWithGivenOrDefaultPassword(string filePassword, string? given)
    {
        var path = TrustStoreFiles.Pkcs12(_dir.File("store.p12"), filePassword, _pki.Root, _pki.Intermediate);

        Assert.Equal(new[] { _pki.Root.Sha256, _pki.Intermediate.Sha256 }.Order(), Hashes(TrustStoreLoader.Load(path, given)).Order());
    }

    [Theory]
    [InlineData("changeit", null)]
    [InlineData("s3cret!", "s3cret!")]
    public void Load_JavaKeystore_OpensWithGivenOrDefaultPassword(string filePassword, string? given)
    {
        var path = TrustStoreFiles.Jks(_dir.File("truststore.jks"), filePassword, _pki.Root);

        Assert.Equal([_pki.Root.Sha256], Hashes(TrustStoreLoader.Load(path, given)));
    }

    [Theory]
    [InlineData("p12")]
    [InlineData("jks")]
    public void Load_WrongPassword_FailsNamingTheFile(string kind)
    {
        var path = kind == "p12"
            ? TrustStoreFiles.Pkcs12(_dir.File("store.p12"), "right", _pki.Root)
            : TrustStoreFiles.Jks(_dir.File("store.jks"), "rightpass", _pki.Root);

        var error = Assert.Throws<TrustStoreException>(() => TrustStoreLoader.Load(path, "wrong"));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("wrong password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Pkcs12WithoutPasswordGiven_SaysWhichPasswordsWereTried()
    {
        var path = TrustStoreFiles.Pkcs12(_dir.File("store.p12"), "right", _pki.Root);

        var error = Assert.Throws<TrustStoreException>(() => TrustStoreLoader.Load(path, null));

        Assert.Contains("'changeit'", error.Message, StringComparison.Ordinal);
        Assert.Contains("CHANGEBOT_CA_PASSWORD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("key-only")]
    public void Load_FileThatIsNoTrustStore_FailsNamingTheFile(string kind)
    {
        var path = _dir.File(kind + ".bin");
        byte[] content = kind switch
        {
            "garbage" => Encoding.ASCII.GetBytes("this is not a certificate\n\x01\x02\x03"),
            "empty" => [],
            _ => Encoding.ASCII.GetBytes(_pki.Leaf.Key.ExportPkcs8PrivateKeyPem()),
        };
        File.WriteAllBytes(path, content);

        var error = Assert.Throws<TrustStoreException>(() => TrustStoreLoader.Load(path, null));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_FailsNamingTheFile()
    {
        var path = _dir.File("nope.pem");

        var error = Assert.Throws<TrustStoreException>(() => TrustStoreLoader.Load(path, null));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _dir.Dispose();
    }

    private static IEnumerable<string> Hashes(TrustStore store) => store.Certificates.Select(c => c.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
}
