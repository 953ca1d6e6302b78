namespace ChangeBot.Core.Checks;

/// <summary>One check: the target, the user's trust stores (judging the verdict when present), an
/// optional notice whose announced chain the path must lead to, and the bound on connect + handshake.</summary>
public sealed record CheckRequest(CheckTarget Target)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public IReadOnlyList<TrustStore> TrustStores { get; init; } = [];
    public NoticeChain? Notice { get; init; }
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The platform stores reported in <c>platforms[]</c>; null means the checker's (by default the embedded snapshots).</summary>
    public PlatformStores? Platforms { get; init; }
}
