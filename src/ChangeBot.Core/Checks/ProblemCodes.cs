namespace ChangeBot.Core.Checks;

/// <summary>The fixed problem vocabulary of docs/checks.md#problems. Clients match on these strings; never rename one.</summary>
public static class ProblemCodes
{
    public const string Expired = "expired";
    public const string NotYetValid = "not-yet-valid";
    public const string ExpiringSoon = "expiring-soon";
    public const string HostnameMismatch = "hostname-mismatch";
    public const string IncompleteChain = "incomplete-chain";
    public const string UntrustedRoot = "untrusted-root";
    public const string SelfSigned = "self-signed";
    public const string WeakSignature = "weak-signature";
    public const string WeakKey = "weak-key";
    public const string NotAnnouncedChain = "not-announced-chain";
    public const string DistrustedRoot = "distrusted-root";
    public const string DnsFailed = "dns-failed";
    public const string ConnectionFailed = "connection-failed";
    public const string Timeout = "timeout";
    public const string HandshakeFailed = "handshake-failed";
    public const string BlockedAddress = "blocked-address";
}
