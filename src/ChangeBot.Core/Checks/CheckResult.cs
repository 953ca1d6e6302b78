using System.Text.Json.Serialization;

namespace ChangeBot.Core.Checks;

/// <summary>
/// Everything one chain check found, in the shape docs/checks.md#verdict-and-exit-codes fixes for <c>check --json</c>
/// (and that REST returns): what was contacted, what the server presented, who trusts it, what is wrong.
/// </summary>
public sealed record CheckResult
{
    /// <summary>The target as the user gave it.</summary>
    public required string Target { get; init; }
    public required string Host { get; init; }
    public required int Port { get; init; }

    /// <summary>The address actually contacted (null when none was: DNS failed or the guard refused).</summary>
    public string? Address { get; init; }
    public TlsInfo? Tls { get; init; }

    /// <summary>Exactly the certificates the server sent, in the order it sent them.</summary>
    public IReadOnlyList<CertificateInfo> Chain { get; init; } = [];
    public bool? HostnameMatches { get; init; }
    public IReadOnlyList<TrustResult> Trust { get; init; } = [];

    /// <summary>The chain judged by each platform's root-store snapshot, worst verdict first.</summary>
    public IReadOnlyList<PlatformResult> Platforms { get; init; } = [];
    public IReadOnlyList<CheckProblem> Problems { get; init; } = [];
    public required CheckVerdict Verdict { get; init; }

    /// <summary>The root the presented chain leads to (subject), when it can be named; used by the wording,
    /// not part of the JSON shape.</summary>
    [JsonIgnore]
    public string? RootSubject { get; init; }

    public static CheckResult Failed(CheckTarget target, string? address, CheckProblem problem) => new()
    {
        Target = target.Original,
        Host = target.Host,
        Port = target.Port,
        Address = address,
        Problems = [problem],
        Verdict = CheckVerdict.Error,
    };
}

public sealed record TlsInfo(string Version, string CipherSuite);

public sealed record CertificateInfo(
    string Subject,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Sha256,
    string PublicKey,
    string SignatureAlgorithm);

/// <summary>Whether one trust store (<c>system</c>, a file path, or <c>notice:&lt;id&gt;</c>) accepts the chain.</summary>
public sealed record TrustResult(string Store, bool Trusted, string Reason);

/// <summary>How one platform's root store (<c>mozilla</c>, <c>debian</c>, <c>java</c>, <c>microsoft</c>, <c>apple</c>)
/// as of <see cref="SnapshotDate"/> judges the chain; <see cref="DistrustedSince"/> when that platform
/// distrusted the chain's root.</summary>
public sealed record PlatformResult(
    string Store,
    string Name,
    PlatformVerdict Verdict,
    DateOnly SnapshotDate,
    DateOnly? DistrustedSince,
    string Reason);

/// <summary>Declared worst first: ordering by it puts the most telling verdict on top.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlatformVerdict>))]
public enum PlatformVerdict
{
    [JsonStringEnumMemberName("distrusted")] Distrusted,
    [JsonStringEnumMemberName("not-trusted")] NotTrusted,
    [JsonStringEnumMemberName("trusted")] Trusted,
}

public sealed record CheckProblem(string Code, string Message);

/// <summary><c>ok</c>: trusted and nothing wrong; <c>problems</c>: connected but something is wrong;
/// <c>error</c>: could not check at all.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckVerdict>))]
public enum CheckVerdict
{
    [JsonStringEnumMemberName("ok")] Ok,
    [JsonStringEnumMemberName("problems")] Problems,
    [JsonStringEnumMemberName("error")] Error,
}
