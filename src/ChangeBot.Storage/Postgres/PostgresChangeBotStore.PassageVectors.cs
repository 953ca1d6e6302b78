using System.Runtime.InteropServices;
using ChangeBot.Core.Storage;

namespace ChangeBot.Storage.Postgres;

/// <summary>Passage vectors as float32 bytes, keyed by (model, content hash).</summary>
public sealed partial class PostgresChangeBotStore
{
    public async Task<IReadOnlyList<PassageVector>> ListPassageVectorsAsync(string model, CancellationToken ct = default)
    {
        await using var command = Command("SELECT content_hash, vector FROM passage_vectors WHERE model = $1", [model]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var vectors = new List<PassageVector>();
        while (await reader.ReadAsync(ct))
        {
            var bytes = reader.GetFieldValue<byte[]>(1);
            vectors.Add(new PassageVector(reader.GetString(0), MemoryMarshal.Cast<byte, float>(bytes).ToArray()));
        }

        return vectors;
    }

    public async Task SavePassageVectorsAsync(string model, IReadOnlyList<PassageVector> vectors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0)
        {
            return;
        }

        // One statement; the key decides, so two instances embedding the same passage store it once.
        var hashes = vectors.Select(v => v.ContentHash).ToArray();
        var bytes = vectors.Select(v => MemoryMarshal.AsBytes(v.Vector.AsSpan()).ToArray()).ToArray();
        await ExecuteAsync("""
            INSERT INTO passage_vectors (model, content_hash, vector)
            SELECT $1, h, v FROM unnest($2::text[], $3::bytea[]) AS t(h, v)
            ON CONFLICT (model, content_hash) DO NOTHING
            """, ct, model, hashes, bytes);
    }
}
