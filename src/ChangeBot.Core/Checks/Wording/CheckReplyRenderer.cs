using System.Globalization;
using System.Text;
using ChangeBot.Core.Conversations;
using ChangeBot.Core.Notices;

namespace ChangeBot.Core.Checks;

/// <summary>A check result as a chat reply: the plain-words verdict first, then the facts of the
/// connection, one section per certificate sent, and the problems. Instants are time markers so each
/// platform shows them in the reader's zone.</summary>
public static class CheckReplyRenderer
{
    public static Reply Render(CheckResult result, string? noticeId = null, string? announcedRoot = null)
    {
        var facts = new List<ReplyFact> { new("Endpoint", CheckWording.Endpoint(result)) };
        if (result.Tls is { } tls)
        {
            facts.Add(new("TLS", $"{tls.Version}, {tls.CipherSuite}"));
        }

        if (result.HostnameMatches is { } matches)
        {
            facts.Add(new("Host name", matches ? "matches" : "does not match"));
        }

        facts.AddRange(result.Trust.Select(t => new ReplyFact(
            t.Store == "system" ? "System trust store" : t.Store,
            (t.Trusted ? "trusted" : "not trusted") + ": " + t.Reason)));

        var sections = new List<ReplySection>();
        if (result.Platforms.Count > 0)
        {
            // Bullets, not a padded table: proportional fonts and Adaptive Cards have no columns to align.
            sections.Add(new("Trust by platform", string.Join('\n', result.Platforms.Select(p =>
                $"• {p.Name}: {CheckWording.PlatformState(p)} (snapshot {p.SnapshotDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})"))));
        }

        sections.AddRange(result.Chain.Select((c, i) => new ReplySection(
            $"Certificate {i + 1} of {result.Chain.Count}: {c.Subject}", CertificateText(c))));
        if (result.Problems.Count > 0)
        {
            sections.Add(new("Problems", string.Join('\n', result.Problems.Select(p => $"• {p.Code}: {p.Message}"))));
        }

        return new Reply
        {
            Title = $"Chain check: {CheckWording.Endpoint(result)}",
            Text = CheckWording.Headline(result, announcedRoot),
            Severity = result.Verdict switch
            {
                CheckVerdict.Ok => Severity.Info,
                CheckVerdict.Problems => Severity.ActionRequired,
                _ => null,
            },
            Facts = facts,
            Sections = sections,
            NoticeId = noticeId,
        };
    }

    private static string CertificateText(CertificateInfo certificate)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Issuer: {certificate.Issuer}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Serial: {certificate.SerialNumber}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Valid: {TimeMarkup.Mark(certificate.NotBefore)} to {TimeMarkup.Mark(certificate.NotAfter)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"SHA-256: {certificate.Sha256}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Key: {certificate.PublicKey}");
        text.Append(CultureInfo.InvariantCulture, $"Signature: {certificate.SignatureAlgorithm}");
        return text.ToString();
    }
}
