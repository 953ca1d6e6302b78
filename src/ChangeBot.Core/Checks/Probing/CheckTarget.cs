using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace ChangeBot.Core.Checks;

/// <summary>What to check: <c>host</c>, <c>host:port</c>, <c>[v6]:port</c> or an <c>https://</c> URL (port 443 unless given),
/// or <c>smtp://</c>, <c>imap://</c>, <c>pop3://</c>, <c>ldap://</c>, <c>postgres://</c> reached through STARTTLS (each its usual port).</summary>
public sealed record CheckTarget(string Original, string Host, int Port)
{
    /// <summary>The plain-text exchange that comes before the TLS handshake, if any.</summary>
    public StartTlsProtocol StartTls { get; init; }

    /// <summary>The host is an IP literal: no DNS lookup and no SNI.</summary>
    public bool IsAddress => IPAddress.TryParse(Host, out _);

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out CheckTarget? target, out string error)
    {
        target = null;
        error = "";
        var original = text?.Trim() ?? "";
        if (original.Length == 0)
        {
            error = "No target given; expected host, host:port or an https:// URL.";
            return false;
        }

        var candidate = original.Contains("://", StringComparison.Ordinal) ? original : "https://" + original;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || uri.UserInfo.Length > 0)
        {
            error = $"'{original}' is not a host, host:port or https:// URL.";
            return false;
        }

        var startTls = StartTlsSpeakers.FromScheme(uri.Scheme);
        if (!uri.Scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) && startTls == StartTlsProtocol.None)
        {
            error = $"'{original}' uses {uri.Scheme}://; checks speak https:// and, through STARTTLS, smtp://, imap://, pop3://, ldap:// and postgres://.";
            return false;
        }

        var host = uri.IdnHost.Trim('[', ']');
        if (host.Contains('%', StringComparison.Ordinal))
        {
            error = $"'{original}' has a zone index; give the host without it.";
            return false;
        }

        var port = uri.IsDefaultPort || uri.Port < 0
            ? StartTlsSpeakers.Schemes.Where(s => s.Scheme.Equals(uri.Scheme, StringComparison.OrdinalIgnoreCase)).Select(s => s.DefaultPort).DefaultIfEmpty(uri.Port).First()
            : uri.Port;
        target = new CheckTarget(original, host.ToLowerInvariant(), port) { StartTls = startTls };
        return true;
    }

    /// <summary>A chain file checked without an endpoint: no host name to match.</summary>
    public static CheckTarget ForFile(string path) => new(path, "", 0);

    public static CheckTarget Parse(string text) =>
        TryParse(text, out var target, out var error) ? target : throw new FormatException(error);
}
