using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ChangeBot.Core.Checks;

/// <summary>A chain file that cannot be evaluated; the message names the file and what is wrong.</summary>
public sealed class ChainFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads a chain a vendor published or a customer saved (<c>check --chain-file</c>): PEM certificates,
/// leaf first as a server sends them, or one DER certificate. Bounded like a presented chain
/// (<see cref="PresentedLimits"/>), since it is judged by the same code.
/// </summary>
public static class ChainFile
{
    public const int MaxFileBytes = 256 * 1024;

    public static IReadOnlyList<X509Certificate2> Load(string path)
    {
        byte[] data;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                throw new ChainFileException($"{path}: the file is {info.Length} bytes; a chain file may be at most {MaxFileBytes / 1024} KiB.");
            }

            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ChainFileException($"{path}: cannot read the chain file ({e.Message}).", e);
        }

        return Read(path, data);
    }

    public static IReadOnlyList<X509Certificate2> Read(string name, byte[] data)
    {
        if (data.Length == 0)
        {
            throw new ChainFileException($"{name}: the file is empty; expected PEM certificates (leaf first) or one DER certificate.");
        }

        if (data.Length > MaxFileBytes)
        {
            throw new ChainFileException($"{name}: the file is {data.Length} bytes; a chain file may be at most {MaxFileBytes / 1024} KiB.");
        }

        var certificates = LooksLikePem(data) ? ReadPem(name, Encoding.UTF8.GetString(data)) : [ReadDer(name, data)];
        if (certificates.Count > PresentedLimits.MaxCertificates)
        {
            throw new ChainFileException(
                $"{name}: the file holds {certificates.Count} certificates; a chain file may hold at most {PresentedLimits.MaxCertificates}.");
        }

        foreach (var certificate in certificates)
        {
            if (certificate.RawData.Length > PresentedLimits.MaxCertificateBytes)
            {
                throw new ChainFileException($"{name}: '{certificate.Subject}' is {certificate.RawData.Length} bytes; at most {PresentedLimits.MaxCertificateBytes} are read.");
            }

            if (PresentedLimits.RsaKeyProblem(certificate) is { } problem)
            {
                throw new ChainFileException($"{name}: '{certificate.Subject}' has an RSA key that {problem}.");
            }
        }

        return certificates;
    }

    private static bool LooksLikePem(byte[] data) =>
        Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 64 * 1024)).Contains("-----BEGIN ", StringComparison.Ordinal);

    /// <summary>CERTIFICATE blocks in file order; other blocks (keys, CRLs) are skipped; a damaged one is an error.
    /// Blocks beyond the limit are counted, not parsed.</summary>
    private static List<X509Certificate2> ReadPem(string name, string text)
    {
        var certificates = new List<X509Certificate2>();
        var count = 0;
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            if (rest.Span[fields.Label].SequenceEqual("CERTIFICATE") && ++count <= PresentedLimits.MaxCertificates)
            {
                certificates.Add(ReadDer($"{name} (certificate {count})", Convert.FromBase64String(rest.Span[fields.Base64Data].ToString())));
            }

            rest = rest[fields.Location.End..];
        }

        return count switch
        {
            0 => throw new ChainFileException($"{name}: the PEM file holds no CERTIFICATE block."),
            > PresentedLimits.MaxCertificates => throw new ChainFileException(
                $"{name}: the file holds {count} certificates; a chain file may hold at most {PresentedLimits.MaxCertificates}."),
            _ => certificates,
        };
    }

    private static X509Certificate2 ReadDer(string name, byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new ChainFileException($"{name}: not a certificate; expected PEM certificates (leaf first) or one DER certificate.", e);
        }
    }
}
