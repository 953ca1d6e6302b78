using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace ChangeBot.Core.Checks;

/// <summary>What to check: <c>host</c>, <c>host:port</c>, <c>[v6]:port</c> or an <c>https://</c> URL (port 443 unless given).</summary>
public sealed record CheckTarget(string Original, string Host, int Port)
{
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

        if (!uri.Scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{original}' uses {uri.Scheme}://; only https:// endpoints carry a TLS chain to check.";
            return false;
        }

        var host = uri.IdnHost.Trim('[', ']');
        if (host.Contains('%', StringComparison.Ordinal))
        {
            error = $"'{original}' has a zone index; give the host without it.";
            return false;
        }

        target = new CheckTarget(original, host.ToLowerInvariant(), uri.Port);
        return true;
    }

    public static CheckTarget Parse(string text) =>
        TryParse(text, out var target, out var error) ? target : throw new FormatException(error);
}
