using System.Globalization;
using System.Text;

namespace ChangeBot.Core.Checks;

/// <summary>A check result as plain text for a terminal: the verdict first, then the facts.</summary>
public static class CheckText
{
    public static string Render(CheckResult result, string? announcedRoot = null)
    {
        var text = new StringBuilder();
        text.AppendLine(CheckWording.Headline(result, announcedRoot));
        text.AppendLine();
        Line(text, "Endpoint", CheckWording.Endpoint(result) + (result.Address is null ? "" : $" ({result.Address})"));
        if (result.Tls is { } tls)
        {
            Line(text, "TLS", $"{tls.Version}, {tls.CipherSuite}");
        }

        if (result.HostnameMatches is { } matches)
        {
            Line(text, "Host name", matches ? "matches the certificate" : "does NOT match the certificate");
        }

        foreach (var trust in result.Trust)
        {
            Line(text, "Trust", $"{trust.Store}: {(trust.Trusted ? "trusted" : "NOT trusted")} ({trust.Reason})");
        }

        if (result.Platforms.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Trust by platform (root-store snapshots):");
            foreach (var line in CheckWording.PlatformLines(result))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {line}");
            }
        }

        for (var i = 0; i < result.Chain.Count; i++)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Certificate {i + 1} of {result.Chain.Count} as sent:");
            foreach (var (label, value) in Facts(result.Chain[i]))
            {
                Line(text, "  " + label, value);
            }
        }

        if (result.Problems.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Problems:");
            foreach (var problem in result.Problems)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {problem.Code}: {problem.Message}");
            }
        }

        return text.ToString();
    }

    /// <summary>Label/value facts of one certificate, shared with the chat rendering.</summary>
    public static IEnumerable<(string Label, string Value)> Facts(CertificateInfo certificate)
    {
        yield return ("Subject", certificate.Subject);
        yield return ("Issuer", certificate.Issuer);
        yield return ("Serial", certificate.SerialNumber);
        yield return ("Valid", $"{Time(certificate.NotBefore)} to {Time(certificate.NotAfter)}");
        yield return ("SHA-256", certificate.Sha256);
        yield return ("Key", certificate.PublicKey);
        yield return ("Signature", certificate.SignatureAlgorithm);
    }

    private static string Time(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string label, string value) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"{label + ":",-14} {value}");
}
