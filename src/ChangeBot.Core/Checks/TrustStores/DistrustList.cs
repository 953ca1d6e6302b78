using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace ChangeBot.Core.Checks;

/// <summary>One store's decision about a family of certificates. <see cref="IssuedAfterOnly"/>: only
/// certificates whose leaf was issued after <see cref="Since"/> are refused (older ones live out their term).</summary>
public sealed record DistrustDecision(IReadOnlyList<string> Stores, DateOnly Since, bool IssuedAfterOnly, string Reason, string Source)
{
    /// <summary>Whether the decision refuses a chain with this leaf issue date at <paramref name="now"/>.</summary>
    public bool Refuses(DateTimeOffset leafIssued, DateTimeOffset now)
    {
        var since = new DateTimeOffset(Since.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return now >= since && (!IssuedAfterOnly || leafIssued > since);
    }
}

/// <summary>A distrusted certificate (a root, or an intermediate a notice announced) and its family's decisions.</summary>
public sealed record DistrustedCertificate(string Name, string Family, string FamilyName, IReadOnlyList<DistrustDecision> Decisions)
{
    /// <summary>The decisions that refuse a chain whose leaf was issued at <paramref name="leafIssued"/>, at <paramref name="now"/>.</summary>
    public IEnumerable<DistrustDecision> Refusing(DateTimeOffset leafIssued, DateTimeOffset now) =>
        Decisions.Where(d => d.Refuses(leafIssued, now));

    /// <summary>"'name' (family), distrusted by Chrome since 2018-10-16, Mozilla since 2018-10-23 …: reason (source)".</summary>
    public string Summary(IEnumerable<DistrustDecision> decisions)
    {
        var list = decisions.OrderBy(d => d.Since).ToList();
        if (list.Count == 0)
        {
            list = [.. Decisions.OrderBy(d => d.Since)];
        }

        var who = string.Join(", ", list.Select(d =>
            $"{string.Join("/", d.Stores.Select(StoreLabel))} {(d.IssuedAfterOnly ? "for certificates issued after" : "since")} {Day(d.Since)}"));
        return $"'{Name}' ({FamilyName}), distrusted by {who}: {list[0].Reason} ({list[0].Source})";
    }

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string StoreLabel(string store) => store switch
    {
        "mozilla" => "Mozilla",
        "debian" => "Debian",
        "java" => "Java",
        "microsoft" => "Microsoft",
        "apple" => "Apple",
        "chrome" => "Chrome",
        _ => store,
    };
}

/// <summary>
/// Roots that stores removed or distrusted, as data (<c>Checks/TrustStores/Distrust/distrusted-roots.json</c>,
/// maintained by hand with a source per decision): matched by SHA-256, or by subject for a root no
/// snapshot holds. Read once per process.
/// </summary>
public sealed class DistrustList
{
    private const string Resource = "ChangeBot.Core.Distrust.distrusted-roots.json";
    private static readonly Lazy<DistrustList> EmbeddedList = new(() => Parse(ReadEmbedded()));

    private readonly Dictionary<string, DistrustedCertificate> _bySha256;
    private readonly List<(string CommonName, string Organization, DistrustedCertificate Entry)> _bySubject;

    private DistrustList(Dictionary<string, DistrustedCertificate> bySha256, List<(string, string, DistrustedCertificate)> bySubject)
    {
        _bySha256 = bySha256;
        _bySubject = bySubject;
    }

    public static DistrustList Embedded => EmbeddedList.Value;

    public int Count => _bySha256.Count + _bySubject.Count;

    public DistrustedCertificate? Find(X509Certificate2 certificate)
    {
        if (_bySha256.TryGetValue(Convert.ToHexString(SHA256.HashData(certificate.RawData)), out var found))
        {
            return found;
        }

        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var organization = Attribute(certificate.SubjectName, "2.5.4.10");
        return _bySubject.FirstOrDefault(s => s.CommonName == commonName && s.Organization == organization).Entry;
    }

    /// <summary>A certificate a notice names: by SHA-256 when given, else by its subject's CN and O.</summary>
    public DistrustedCertificate? Find(string? sha256, string? subject)
    {
        if (!string.IsNullOrWhiteSpace(sha256))
        {
            var hex = sha256.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant();
            if (_bySha256.TryGetValue(hex, out var found))
            {
                return found;
            }
        }

        if (string.IsNullOrWhiteSpace(subject))
        {
            return null;
        }

        X500DistinguishedName name;
        try
        {
            name = new X500DistinguishedName(subject);
        }
        catch (CryptographicException)
        {
            return null; // not a distinguished name: nothing to match
        }

        var commonName = Attribute(name, "2.5.4.3");
        var organization = Attribute(name, "2.5.4.10");
        return _bySubject.FirstOrDefault(s => s.CommonName == commonName && s.Organization == organization).Entry;
    }

    private static string? Attribute(X500DistinguishedName name, string oid) => name.EnumerateRelativeDistinguishedNames()
        .Where(r => r.GetSingleElementType().Value == oid).Select(r => r.GetSingleElementValue()).FirstOrDefault();

    private static byte[] ReadEmbedded()
    {
        using var stream = typeof(DistrustList).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"'{Resource}' is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    internal static DistrustList Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var bySha256 = new Dictionary<string, DistrustedCertificate>(StringComparer.Ordinal);
        var bySubject = new List<(string, string, DistrustedCertificate)>();
        foreach (var family in document.RootElement.GetProperty("families").EnumerateArray())
        {
            var id = family.GetProperty("family").GetString()!;
            var familyName = family.GetProperty("name").GetString()!;
            List<DistrustDecision> decisions = [.. family.GetProperty("decisions").EnumerateArray().Select(d => new DistrustDecision(
                [.. d.GetProperty("stores").EnumerateArray().Select(s => s.GetString()!)],
                DateOnly.ParseExact(d.GetProperty("since").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                d.GetProperty("scope").GetString() switch
                {
                    "all" => false,
                    "issued-after" => true,
                    var other => throw new InvalidOperationException($"distrust list: family '{id}' has scope '{other}'."),
                },
                d.GetProperty("reason").GetString()!,
                d.GetProperty("source").GetString()!))];
            foreach (var certificate in family.GetProperty("certificates").EnumerateArray())
            {
                var entry = new DistrustedCertificate(certificate.GetProperty("name").GetString()!, id, familyName, decisions);
                if (certificate.TryGetProperty("sha256", out var sha))
                {
                    bySha256.Add(sha.GetString()!, entry);
                }
                else
                {
                    bySubject.Add((certificate.GetProperty("subjectCommonName").GetString()!,
                        certificate.GetProperty("subjectOrganization").GetString()!, entry));
                }
            }
        }

        return new DistrustList(bySha256, bySubject);
    }
}
