using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ChangeBot.Core.Storage;
using ChangeBot.Hosting;
using ChangeBot.Tests.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChangeBot.Tests.Security;

/// <summary>
/// <c>DataProtection:CertificateFile</c>: the key ring that decrypts stored Slack bot tokens and console cookies
/// is kept in the store encrypted with a certificate, so a copy of the store alone decrypts nothing. Each test
/// runs the real server on a LiteDB data directory, one instance after the other on the same directory.
/// </summary>
public sealed class DataProtectionKeyEncryptionTests : IDisposable
{
    private const string Password = "pfx-test-password";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WithACertificate_StoredKeysAreEncrypted_AndAnotherInstanceWithItReadsWhatWasProtected()
    {
        var certificate = WriteCertificate("current");
        string protectedText;
        await using (var first = App(certificate))
        {
            protectedText = Protector(first).Protect("xoxb-secret-token");
            var keys = await first.Services.GetRequiredService<IChangeBotStore>().ListSecretsAsync(StoreXmlRepository.KeyPrefix, Ct);
            Assert.NotEmpty(keys);
            Assert.All(keys, k =>
            {
                Assert.Contains("EncryptedData", k.Value, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", k.Value, StringComparison.Ordinal);
            });
        }

        await using var second = App(certificate);
        Assert.Equal("xoxb-secret-token", Protector(second).Unprotect(protectedText));
    }

    [Fact]
    public async Task WithoutTheCertificate_TheStoreAloneDecryptsNothing()
    {
        string protectedText;
        await using (var first = App(WriteCertificate("current")))
        {
            protectedText = Protector(first).Protect("xoxb-secret-token");
        }

        await using var withoutIt = App(null);
        Assert.ThrowsAny<CryptographicException>(() => Protector(withoutIt).Unprotect(protectedText));
    }

    [Fact]
    public async Task AfterARotation_KeysOfThePreviousCertificateStayReadable()
    {
        var old = WriteCertificate("old");
        string protectedText;
        await using (var first = App(old))
        {
            protectedText = Protector(first).Protect("xoxb-secret-token");
        }

        var current = WriteCertificate("new");
        await using (var onlyNew = App(current))
        {
            Assert.ThrowsAny<CryptographicException>(() => Protector(onlyNew).Unprotect(protectedText));
        }

        await using var rotated = App(current, previous: old);
        Assert.Equal("xoxb-secret-token", Protector(rotated).Unprotect(protectedText));
    }

    [Theory]
    [InlineData("missing", "DataProtection:CertificateFile: there is no file")]
    [InlineData("wrong-password", "cannot be read as PKCS#12 with DataProtection:CertificatePassword")]
    [InlineData("no-private-key", "holds no private key")]
    public void Startup_UnusableCertificate_FailsNamingTheSetting(string problem, string expected)
    {
        var path = Path.Combine(_dir.Path, problem + ".pfx");
        if (problem == "wrong-password")
        {
            path = WriteCertificate(problem, password: "another-password");
        }
        else if (problem == "no-private-key")
        {
            using var key = RSA.Create(2048);
            using var certificate = new CertificateRequest("CN=no key", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            File.WriteAllBytes(path, X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert)).Export(X509ContentType.Pkcs12, Password));
        }

        using var app = App(path);

        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        var validation = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        Assert.Contains(expected, validation.Message, StringComparison.Ordinal);
    }

    private ChangeBotApp App(string? certificate, string? previous = null) => new(new Dictionary<string, string?>
    {
        ["ChangeBot:DataDirectory"] = Path.Combine(_dir.Path, "data"),
        ["DataProtection:CertificateFile"] = certificate,
        ["DataProtection:CertificatePassword"] = Password,
        ["DataProtection:PreviousCertificateFiles"] = previous,
    });

    private static IDataProtector Protector(ChangeBotApp app) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("DataProtectionKeyEncryptionTests");

    private string WriteCertificate(string name, string password = Password)
    {
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest($"CN=ChangeBot key ring {name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_dir.Path, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }
}
