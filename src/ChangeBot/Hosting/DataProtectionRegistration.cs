using System.Xml.Linq;
using ChangeBot.Core.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ChangeBot.Hosting;

/// <summary>
/// ASP.NET Core Data Protection with its key ring in the store, so every instance sharing the store can
/// read what another protected (stored Slack bot tokens, console cookies, antiforgery tokens). With
/// <c>DataProtection:CertificateFile</c> every new key is encrypted with that certificate before it is stored,
/// so the store alone no longer decrypts what it holds (docs/deploy.md); without it the keys sit next to what
/// they protect, behind the same store credentials.
/// </summary>
internal static class DataProtectionRegistration
{
    public const string ApplicationName = "ChangeBot";

    public static WebApplicationBuilder AddStoreDataProtection(this WebApplicationBuilder builder)
    {
        var settings = builder.AddValidatedOptions<DataProtectionSettings, DataProtectionSettingsValidator>(DataProtectionSettings.Section);
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (settings.LoadCertificate() is { } certificate)
        {
            // Off Windows the decryptor finds no certificate store of its own: it is told every certificate
            // that may have encrypted a key, the current one first.
            dataProtection.ProtectKeysWithCertificate(certificate)
                .UnprotectKeysWithAnyCertificate([certificate, .. settings.LoadPreviousCertificates()]);
        }

        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IChangeBotStore>((options, store) => options.XmlRepository = new StoreXmlRepository(store));
        return builder;
    }
}

/// <summary>The Data Protection key ring as secrets of the store, one per key element.</summary>
internal sealed class StoreXmlRepository(IChangeBotStore store) : IXmlRepository
{
    public const string KeyPrefix = "dataprotection:key:";

    // Data Protection's repository interface is synchronous; it is called when the key ring is (re)loaded,
    // not per request.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.ListSecretsAsync(KeyPrefix).GetAwaiter().GetResult().Select(s => XElement.Parse(s.Value)).ToList();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        // The friendly name is the key's id; a fresh id keeps two instances' keys apart should it be missing.
        var name = string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName;
        store.SetSecretAsync(KeyPrefix + name, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
    }
}
