using System.Runtime.InteropServices;
using ChangeBot.Core.Storage;
using LiteDB;

namespace ChangeBot.Storage.LiteDb;

public sealed partial class LiteDbChangeBotStore
{
    private const string ModelField = "model";
    private const string VectorField = "vector";

    private ILiteCollection<BsonDocument> Vectors => _db.GetCollection("passage_vectors");

    /// <summary>Vectors read per query by <see cref="ListPassageVectorsAsync"/>.</summary>
    internal const int VectorReadBatch = 1000;

    /// <summary>
    /// Every vector of <paramref name="model"/>, read <see cref="VectorReadBatch"/> at a time (about 250 pages) in key order. LiteDB
    /// pins each page a query reads until the query ends and never gives its page cache back, so one query over
    /// all vectors (about 10,000 pages at 5,000 notices) grew the cache to 80 MB for the life of the process;
    /// short queries leave it a few segments, whose idle pages the next query reuses.
    /// </summary>
    public Task<IReadOnlyList<PassageVector>> ListPassageVectorsAsync(string model, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        // Ids are "model|hash"; '}' follows '|', so every id of this model sorts between the two bounds (ordinal collation).
        var after = model + "|";
        var end = model + "}";
        var vectors = new List<PassageVector>();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            // One condition, on the primary key: with the upper bound as a second condition the read took about twice as long.
            var batch = Vectors.Query()
                .Where(Query.GT(Columns.Id, after))
                .OrderBy(Columns.Id)
                .Limit(VectorReadBatch)
                .ToList();
            foreach (var document in batch)
            {
                var id = document[Columns.Id].AsString;
                if (string.CompareOrdinal(id, end) >= 0)
                {
                    return Task.FromResult<IReadOnlyList<PassageVector>>(vectors);
                }

                vectors.Add(new PassageVector(id[(model.Length + 1)..], FromBytes(document[VectorField].AsBinary)));
            }

            if (batch.Count < VectorReadBatch)
            {
                return Task.FromResult<IReadOnlyList<PassageVector>>(vectors);
            }

            after = batch[^1][Columns.Id].AsString;
        }
    }

    public Task SavePassageVectorsAsync(string model, IReadOnlyList<PassageVector> vectors, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ct.ThrowIfCancellationRequested();
        lock (_writeGate)
        {
            var collection = Vectors;
            collection.EnsureIndex(ModelField);
            _db.BeginTrans();
            try
            {
                foreach (var vector in vectors)
                {
                    // Model names hold no '|', so it separates them from the hash.
                    var id = model + "|" + vector.ContentHash;
                    if (collection.FindById(id) is null)
                    {
                        collection.Insert(new BsonDocument
                        {
                            [Columns.Id] = id,
                            [ModelField] = model,
                            [VectorField] = MemoryMarshal.AsBytes(vector.Vector.AsSpan()).ToArray(),
                        });
                    }
                }

                _db.Commit();
            }
            catch
            {
                _db.Rollback();
                throw;
            }
        }

        return Task.CompletedTask;
    }

    private static float[] FromBytes(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
