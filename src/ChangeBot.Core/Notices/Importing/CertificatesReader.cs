using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChangeBot.Core.Notices.Importing;

/// <summary>Reads <c>certificates</c>: the announced root and intermediate, and the optional PEM
/// <c>bundle:</c>, which is read now so that checks never need the notice's folder.</summary>
internal static class CertificatesReader
{
    private static readonly string[] ChainFields = ["root", "intermediate", "bundle"];
    private static readonly string[] CertificateFields = ["subject", "sha256"];

    public static AnnouncedChain? Read(YamlFields fields, NoticeErrorList errors, BundleSource bundles)
    {
        if (fields.Value("certificates") is not { } node
            || YamlFields.Read(node, "certificates", ChainFields, errors, fields.LineOf("certificates")) is not { } chain)
        {
            return null;
        }

        var root = ReadCertificate(chain, "root", errors);
        var intermediate = ReadCertificate(chain, "intermediate", errors);
        var bundle = ReadBundle(chain, errors, bundles);
        return root is null && intermediate is null && bundle is null ? null : new AnnouncedChain(root, intermediate, bundle);
    }

    private static CertificateRef? ReadCertificate(YamlFields chain, string name, NoticeErrorList errors)
    {
        if (chain.Value(name) is not { } node
            || YamlFields.Read(node, chain.FieldPath(name), CertificateFields, errors, chain.LineOf(name)) is not { } certificate)
        {
            return null;
        }

        var subject = certificate.Text("subject");
        if (string.IsNullOrEmpty(subject))
        {
            errors.Add(certificate.LineOf("subject"), $"{certificate.Path} has no subject");
        }

        var sha256 = certificate.Text("sha256");
        var fingerprint = sha256 is null ? null : NormalizeFingerprint(sha256);
        if (sha256 is not null && fingerprint is null)
        {
            errors.Add(certificate.Value("sha256")!,
                $"bad fingerprint in {certificate.FieldPath("sha256")}: a SHA-256 fingerprint is 64 hexadecimal digits (colons allowed)");
        }

        return string.IsNullOrEmpty(subject) ? null : new CertificateRef(subject, fingerprint);
    }

    /// <summary>Upper-case hex without separators (the form checks compare against), or null when not a SHA-256.</summary>
    private static string? NormalizeFingerprint(string text)
    {
        var hex = text.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex : null;
    }

    private static string? ReadBundle(YamlFields chain, NoticeErrorList errors, BundleSource bundles)
    {
        var path = chain.Text("bundle");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var node = chain.Value("bundle")!;
        if (bundles.Kept is { } kept && string.Equals(kept.Path, path, StringComparison.Ordinal))
        {
            // The stored notice's own bundle, read on the server by an import from its folder: an edit that still
            // names that file keeps it (nothing is read here).
            return kept.Pem;
        }

        if (bundles.Directory is not { } baseDirectory)
        {
            // Never a file a web form names: text sent to the server (console, REST) may only use what an import from
            // a folder already read.
            errors.Add(node, $"bundle '{path}' cannot be read here: a notice pasted in the console (or sent to the REST API) has no folder, "
                + "and the server reads no file that a form names. Import the notice with its bundle file using the CLI on the server "
                + "(changebot notices import <notice-file>), or remove the bundle line and announce the chain with root and intermediate.");
            return null;
        }

        if (Path.IsPathRooted(path))
        {
            errors.Add(node, $"bundle '{path}' must be a path relative to the notice file");
            return null;
        }

        var fullPath = Path.GetFullPath(Path.Combine(baseDirectory, path));
        if (!File.Exists(fullPath))
        {
            errors.Add(node, $"bundle file '{path}' does not exist (looked for {fullPath})");
            return null;
        }

        try
        {
            var pem = File.ReadAllText(fullPath);
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            if (certificates.Count > 0)
            {
                return pem;
            }

            errors.Add(node, $"bundle file '{path}' is not PEM: it has no '-----BEGIN CERTIFICATE-----' block");
        }
        catch (CryptographicException ex)
        {
            errors.Add(node, $"bundle file '{path}' is not PEM: a certificate in it cannot be decoded ({ex.Message})");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(node, $"bundle file '{path}' cannot be read: {ex.Message}");
        }

        return null;
    }
}

/// <summary>Where a <c>bundle:</c> path is looked up: the notice file's folder, or for text sent without one, only the
/// stored notice's own bundle (<see cref="KeptBundle"/>).</summary>
internal sealed record BundleSource(string? Directory, KeptBundle? Kept = null);
