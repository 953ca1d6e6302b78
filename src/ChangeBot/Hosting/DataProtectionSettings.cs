using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace ChangeBot.Hosting;

/// <summary>The <c>DataProtection</c> settings (optional): a certificate that encrypts the key ring where it is
/// stored, so a copy of the store (a database dump, a backup of the LiteDB file) does not also hold what
/// decrypts the Slack bot tokens and console cookies kept in it.</summary>
internal sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with the certificate and its private key.</summary>
    public string? CertificateFile { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates used before <see cref="CertificateFile"/> (same password), so keys they
    /// encrypted stay readable after a rotation.</summary>
    public IReadOnlyList<string> PreviousCertificateFiles { get; set; } = [];

    public X509Certificate2? LoadCertificate() => CertificateFile is { Length: > 0 } path ? Load(path) : null;

    public IReadOnlyList<X509Certificate2> LoadPreviousCertificates() => [.. PreviousCertificateFiles.Select(Load)];

    private X509Certificate2 Load(string path) => X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword);
}

internal sealed class DataProtectionSettingsValidator : IValidateOptions<DataProtectionSettings>
{
    public ValidateOptionsResult Validate(string? name, DataProtectionSettings options)
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.CertificateFile))
        {
            Check("DataProtection:CertificateFile", options.CertificateFile, options.CertificatePassword, problems);
        }
        else if (options.PreviousCertificateFiles.Count > 0)
        {
            problems.Add("DataProtection:PreviousCertificateFiles is set without DataProtection:CertificateFile; give the current certificate too.");
        }

        foreach (var previous in options.PreviousCertificateFiles)
        {
            Check("DataProtection:PreviousCertificateFiles", previous, options.CertificatePassword, problems);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Check(string setting, string path, string? password, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"{setting}: there is no file '{path}'; give a PKCS#12 (.pfx) file with the certificate and its private key.");
            return;
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            if (!certificate.HasPrivateKey)
            {
                problems.Add($"{setting}: '{path}' holds no private key; the key ring cannot be read back without it.");
            }
            else if (certificate.GetRSAPrivateKey() is null)
            {
                // Data Protection encrypts its keys with XML encryption, which takes an RSA key.
                problems.Add($"{setting}: '{path}' does not hold an RSA key; give an RSA certificate.");
            }
        }
        catch (CryptographicException)
        {
            problems.Add($"{setting}: '{path}' cannot be read as PKCS#12 with DataProtection:CertificatePassword (wrong password, or not a .pfx file).");
        }
    }
}
