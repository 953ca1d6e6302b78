using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace ChangeBot.Core.Checks;

/// <summary>One platform's root store as of <see cref="SnapshotDate"/>: <see cref="Id"/> is the
/// <c>platforms[].store</c> value (<c>mozilla</c>, <c>debian</c>, <c>java</c>, <c>microsoft</c>, <c>apple</c>).</summary>
public sealed record PlatformStore(
    string Id,
    string Name,
    DateOnly SnapshotDate,
    string SourcePackage,
    string Version,
    TrustStore Roots)
{
    private readonly ILookup<string, X509Certificate2> _bySubject =
        Roots.Certificates.ToLookup(c => c.SubjectName.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The roots that could anchor a chain built from <paramref name="sent"/>: those named as the issuer of a
    /// sent certificate (an anchor always is). Handing X509Chain these few instead of hundreds keeps a store's verdict cheap.</summary>
    public TrustStore Candidates(IEnumerable<X509Certificate2> sent)
    {
        return new TrustStore(Roots.Name, [.. sent.Select(c => c.IssuerName.Name).Distinct(StringComparer.OrdinalIgnoreCase).SelectMany(n => _bySubject[n])]);
    }
}

/// <summary>
/// The platform root-store snapshots (<c>Checks/TrustStores/Snapshots/README.md</c>): the embedded ones,
/// or an operator's newer folder (<c>Checks:StoreSnapshots</c>) of the same shape. Each set is read once
/// per process and shared by every check; checks only read it.
/// </summary>
public sealed class PlatformStores
{
    /// <summary>Bounds what an operator's folder may hold; the largest embedded store has ~440 roots.</summary>
    public const int MaxStores = 16;
    public const int MaxFileBytes = 8 * 1024 * 1024;

    private const string ResourcePrefix = "ChangeBot.Core.Snapshots.";
    private static readonly Lazy<PlatformStores> EmbeddedSet = new(LoadEmbedded);
    private static readonly ConcurrentDictionary<string, Lazy<PlatformStores>> Folders = new(StringComparer.Ordinal);

    private PlatformStores(IReadOnlyList<PlatformStore> stores) => Stores = stores;

    /// <summary>In the manifest's order, which is the order the table shows among equal verdicts.</summary>
    public IReadOnlyList<PlatformStore> Stores { get; }

    /// <summary>No platform stores: a check judged by the user's and the system store only (benchmarks compare with it).</summary>
    internal static PlatformStores None { get; } = new([]);

    /// <summary>The snapshots built into ChangeBot.</summary>
    public static PlatformStores Embedded => EmbeddedSet.Value;

    /// <summary>The snapshots in <paramref name="folder"/>, read on first use; null or empty means the embedded ones.</summary>
    /// <exception cref="TrustStoreException">The folder, its manifest or a store file cannot be used.</exception>
    public static PlatformStores FromFolder(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return Embedded;
        }

        var full = Path.GetFullPath(folder);
        return Folders.GetOrAdd(full, f => new Lazy<PlatformStores>(() => LoadFolder(f))).Value;
    }

    private static PlatformStores LoadEmbedded()
    {
        var assembly = typeof(PlatformStores).Assembly;
        return Load("embedded snapshots", name =>
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name)
                ?? throw new TrustStoreException($"embedded snapshots: '{name}' is missing from the build.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    private static PlatformStores LoadFolder(string folder) => Load($"Checks:StoreSnapshots ({folder})", name =>
    {
        var path = Path.Combine(folder, name);
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                throw new TrustStoreException($"Checks:StoreSnapshots: {path} is larger than {MaxFileBytes / (1024 * 1024)} MB.");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustStoreException($"Checks:StoreSnapshots: cannot read {path} ({e.Message}).", e);
        }
    });

    private static PlatformStores Load(string source, Func<string, byte[]> read)
    {
        using var manifest = ParseManifest(source, read("manifest.json"));
        var entries = manifest.RootElement.TryGetProperty("stores", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToList()
            : throw new TrustStoreException($"{source}: manifest.json has no \"stores\" array.");
        if (entries.Count is 0 or > MaxStores)
        {
            throw new TrustStoreException($"{source}: manifest.json must list 1 to {MaxStores} stores, not {entries.Count}.");
        }

        var stores = new List<PlatformStore>();
        foreach (var entry in entries)
        {
            var id = Text(source, entry, "store");
            var file = Text(source, entry, "file");
            if (Path.GetFileName(file) != file)
            {
                throw new TrustStoreException($"{source}: store '{id}' names '{file}', which is not a file name in the folder.");
            }

            var date = Text(source, entry, "snapshotDate");
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var snapshotDate))
            {
                throw new TrustStoreException($"{source}: store '{id}' has snapshotDate '{date}', not a yyyy-MM-dd date.");
            }

            var roots = TrustStoreLoader.Read($"{source}: {file}", read(file), null);
            var name = Text(source, entry, "name");
            stores.Add(new PlatformStore(id, name, snapshotDate,
                Text(source, entry, "sourcePackage"), Text(source, entry, "version"), new TrustStore(name, roots)));
        }

        if (stores.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count() != stores.Count)
        {
            throw new TrustStoreException($"{source}: manifest.json lists a store twice.");
        }

        return new PlatformStores(stores);
    }

    private static JsonDocument ParseManifest(string source, byte[] data)
    {
        try
        {
            return JsonDocument.Parse(data);
        }
        catch (JsonException e)
        {
            throw new TrustStoreException($"{source}: manifest.json is not JSON ({e.Message}).", e);
        }
    }

    private static string Text(string source, JsonElement entry, string property) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(property, out var value)
            && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!
            : throw new TrustStoreException($"{source}: a store in manifest.json lacks \"{property}\".");
}
